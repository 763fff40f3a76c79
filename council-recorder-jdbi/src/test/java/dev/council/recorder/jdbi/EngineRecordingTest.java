package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Council;
import dev.council.api.ErrorKind;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine running on the JDBI recorder: what a run leaves in the tables, and resume, re-run and
 * start-up recovery across engines in this JVM. Each engine gets its own recorder over the same tables
 * (closing an engine closes its recorder). Each test uses its own node ids, so recovery sees only its
 * own runs. A test waits for a run's outcome to be stored before it closes the engine: the engine hands
 * records to its recorder asynchronously and closes the recorder without waiting for them.
 */
@Timeout(60)
class EngineRecordingTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  private static final Council TWO_AND_CHAIR = Councils.council(List.of("a", "b"), List.of("independent_analysis"), true);
  private static final AtomicInteger IDS = new AtomicInteger();

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("engine");

  private static JdbiRecorder recorder() {
    return TABLES.recorderBuilder().flushInterval(Duration.ofMillis(5)).build();
  }

  private static CouncilEngine engine(String node, MockProvider provider, String... settings) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("council.node-id", node);
    for (int i = 0; i < settings.length; i += 2) {
      config.put(settings[i], settings[i + 1]);
    }
    return CouncilEngine.builder().config(CouncilConfig.of(config)).recorder(recorder()).provider("mock", provider)
        .build();
  }

  private static String unique(String name) {
    return name + "-" + IDS.incrementAndGet();
  }

  private static RunHandle start(CouncilEngine engine, Council council, String runId) {
    return engine.start(council, Councils.QUESTION, RunOptions.builder().runId(runId).build());
  }

  private static void awaitStatus(String runId, StoredRunStatus status) {
    Await.until("run " + runId + " is stored as " + status,
        () -> TABLES.history().run(runId).map(StoredRun::status).filter(status::equals).isPresent());
  }

  private static boolean journaled(String runId, int round, String member) {
    return TABLES.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM " + TABLES.prefix() + "member_calls WHERE run_id = :runId"
        + " AND round_index = :round AND iteration = 0 AND member_id = :member")
        .bind("runId", runId).bind("round", round).bind("member", member).mapTo(Long.class).one()) == 1;
  }

  private static List<Long> storedSeqs(String runId) {
    return TABLES.history().events(runId, 0, 10_000).stream().map(StoredEvent::seq).toList();
  }

  private static List<Long> upTo(long last) {
    return LongStream.rangeClosed(0, last).boxed().toList();
  }

  private static long journalRows(String runId) {
    return TABLES.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM " + TABLES.prefix() + "member_calls WHERE run_id = :runId")
        .bind("runId", runId).mapTo(Long.class).one());
  }

  @Test
  void aRunLeavesItsRowOneContiguousEventSequenceAndAJournalRowPerCall() {
    MockProvider mock = MockProvider.create("mock");
    mock.script("chair", MockScript.content("Open on Sundays."));
    Result result;
    try (CouncilEngine engine = engine(unique("node-run"), mock)) {
      result = engine.run(TWO_AND_CHAIR, Councils.QUESTION);
      awaitStatus(result.runId(), StoredRunStatus.COMPLETED);
    }
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);

    StoredRun stored = TABLES.history().run(result.runId()).orElseThrow();
    assertThat(stored.councilId()).isEqualTo("library-council");
    assertThat(stored.input()).isEqualTo(Councils.QUESTION);
    assertThat(stored.answer()).contains("Open on Sundays.");
    assertThat(stored.result()).isEqualTo(result);
    assertThat(stored.attempt()).isEqualTo(1);
    assertThat(stored.parentRunId()).isNull();
    assertThat(stored.finishedAt()).isNotNull();
    assertThat(stored.droppedEvents()).isZero();
    List<StoredEvent> events = TABLES.history().events(result.runId(), 0, 10_000);
    assertThat(events).extracting(StoredEvent::seq).containsExactlyElementsOf(upTo(stored.lastSeq()));
    assertThat(events.get(0).type()).isEqualTo("run_started");
    assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
    assertThat(events).filteredOn(e -> e.type().equals("member_completed")).hasSize(3);
    assertThat(journalRows(result.runId())).as("a, b and the chair").isEqualTo(3);
  }

  @Test
  void closingTheEngineMidRunLeavesTheRunRunningAndASecondEngineResumesItWithoutCallingFinishedMembersAgain() {
    String runId = unique("closed");
    MockProvider first = MockProvider.create("mock");
    first.script("a", MockScript.content("a answered before the engine stopped"));
    first.script("b", MockScript.blockUntilInterrupted());
    CouncilEngine dying = engine(unique("node-dying"), first);
    try {
      start(dying, TWO_AND_CHAIR, runId);
      Await.until("a is journaled and b is in flight", () -> first.calls("b") == 1 && journaled(runId, 0, "a"));
    } finally {
      dying.close();
    }
    StoredRun stopped = TABLES.history().run(runId).orElseThrow();
    assertThat(stopped.status()).isEqualTo(StoredRunStatus.RUNNING);
    assertThat(stopped.finishedAt()).isNull();
    assertThat(storedSeqs(runId)).containsExactlyElementsOf(upTo(stopped.lastSeq()));
    long resumedFrom = stopped.lastSeq() + 1;

    MockProvider second = MockProvider.create("mock");
    second.script("b", MockScript.content("b answered after the resume"));
    second.script("chair", MockScript.content("final"));
    String survivorNode = unique("node-survivor");
    Result result;
    try (CouncilEngine survivor = engine(survivorNode, second)) {
      result = survivor.resume(runId).await(AWAIT);
      awaitStatus(runId, StoredRunStatus.COMPLETED);
    }

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.runId()).isEqualTo(runId);
    assertThat(result.answer()).isEqualTo("final");
    assertThat(second.calls("a")).as("a's finished call is taken from the journal").isZero();
    assertThat(second.calls("b")).isEqualTo(1);
    assertThat(result.rounds().get(0).member("a").orElseThrow().content())
        .isEqualTo("a answered before the engine stopped");
    StoredRun stored = TABLES.history().run(runId).orElseThrow();
    assertThat(stored.ownerNode()).isEqualTo(survivorNode);
    assertThat(stored.startedAt()).isEqualTo(stopped.startedAt());
    List<StoredEvent> events = TABLES.history().events(runId, 0, 10_000);
    assertThat(events).extracting(StoredEvent::seq).containsExactlyElementsOf(upTo(stored.lastSeq()));
    assertThat(events.get((int) resumedFrom).type()).as("the resumed run's first event").isEqualTo("run_started");
    assertThat(events).filteredOn(e -> e.type().equals("run_started")).extracting(StoredEvent::seq)
        .containsExactly(0L, resumedFrom);
    assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
  }

  @Test
  void aTerminatedRunIsStoredCancelledAndCannotBeResumed() {
    String runId = unique("terminated");
    MockProvider mock = MockProvider.create("mock");
    mock.script("a", MockScript.blockUntilInterrupted());
    try (CouncilEngine engine = engine(unique("node-terminate"), mock)) {
      RunHandle handle = start(engine, TWO_AND_CHAIR, runId);
      Await.until("a is in flight", () -> mock.calls("a") == 1);
      handle.terminate();
      awaitStatus(runId, StoredRunStatus.CANCELLED);

      assertThatThrownBy(() -> engine.resume(runId)).hasMessageContaining("already finished")
          .hasMessageContaining("rerun");
    }
    StoredRun stored = TABLES.history().run(runId).orElseThrow();
    assertThat(stored.result()).isNull();
    assertThat(stored.errors()).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(e.message()).contains("terminated", "rerun");
    });
  }

  @Test
  void aRerunOfAFailedRunIsANewRunLinkedToItsParentAsTheNextAttempt() {
    MockProvider mock = MockProvider.create("mock");
    mock.script("a", MockScript.error(ErrorKind.PERMANENT, "bad key"));
    Council one = Councils.council(List.of("a"), List.of("independent_analysis"), false);
    try (CouncilEngine engine = engine(unique("node-rerun"), mock)) {
      Result failed = engine.run(one, Councils.QUESTION);
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      awaitStatus(failed.runId(), StoredRunStatus.FAILED);

      mock.script("a", MockScript.content("fixed"));
      Result again = engine.rerun(failed.runId()).await(AWAIT);

      assertThat(again.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(again.runId()).isNotEqualTo(failed.runId());
      awaitStatus(again.runId(), StoredRunStatus.COMPLETED);
      StoredRun stored = TABLES.history().run(again.runId()).orElseThrow();
      assertThat(stored.parentRunId()).isEqualTo(failed.runId());
      assertThat(stored.attempt()).isEqualTo(2);
      assertThat(stored.input()).isEqualTo(Councils.QUESTION);
      assertThat(TABLES.history().events(again.runId(), 0, 1).get(0).payload())
          .containsEntry("type", "run_started").containsEntry("attempt", 2)
          .containsEntry("parentRunId", failed.runId());
      assertThat(TABLES.history().run(failed.runId()).orElseThrow().status()).isEqualTo(StoredRunStatus.FAILED);
    }
  }

  @Test
  void recoveryAtStartUpResumesTheRunsThisNodeLeftRunning() {
    String node = unique("node-recover");
    String runId = unique("recovered");
    MockProvider first = MockProvider.create("mock");
    first.script("b", MockScript.blockUntilInterrupted());
    CouncilEngine dying = engine(node, first);
    try {
      start(dying, TWO_AND_CHAIR, runId);
      Await.until("a is journaled and b is in flight", () -> first.calls("b") == 1 && journaled(runId, 0, "a"));
    } finally {
      dying.close();
    }

    MockProvider second = MockProvider.create("mock");
    try (CouncilEngine restarted = engine(node, second, CouncilEngine.RECOVERY, "resume")) {
      awaitStatus(runId, StoredRunStatus.COMPLETED);
      assertThat(second.calls("a")).isZero();
      assertThat(second.calls("b")).isEqualTo(1);
      assertThat(second.calls("chair")).isEqualTo(1);
    }
    StoredRun stored = TABLES.history().run(runId).orElseThrow();
    assertThat(storedSeqs(runId)).containsExactlyElementsOf(upTo(stored.lastSeq()));
    assertThat(stored.answer()).contains("mock answer from chair");
  }

  @Test
  void recoveryAtStartUpCanMarkTheRunsStuckAndAnExplicitResumeStillFinishesThem() {
    String node = unique("node-stuck");
    String runId = unique("stuck");
    MockProvider first = MockProvider.create("mock");
    first.script("a", MockScript.blockUntilInterrupted());
    CouncilEngine dying = engine(node, first);
    try {
      start(dying, TWO_AND_CHAIR, runId);
      Await.until("a is in flight and the run's row is stored",
          () -> first.calls("a") == 1 && TABLES.history().run(runId).isPresent());
    } finally {
      dying.close();
    }

    MockProvider second = MockProvider.create("mock");
    try (CouncilEngine restarted = engine(node, second, CouncilEngine.RECOVERY, "mark-stuck")) {
      assertThat(TABLES.history().run(runId).orElseThrow().status()).isEqualTo(StoredRunStatus.STUCK);
      assertThat(second.calls("a")).isZero();

      Result result = restarted.resume(runId).await(AWAIT);

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      awaitStatus(runId, StoredRunStatus.COMPLETED);
    }
  }
}
