package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose JVM is killed with SIGKILL, then resumed by an engine in this JVM: no member call that
 * had finished is made again, and the run's events continue one contiguous sequence. The killed JVM is
 * {@link KillableRunMain}, started on this test's class path.
 */
class KilledJvmResumeTest {
  /** Three members in two rounds, then the chair. */
  static final Council COUNCIL = Councils.council(List.of("a", "b", "c"), List.of("independent_analysis", "debate"),
      true);

  private static final Duration WAIT = ChildJvm.WAIT;
  private static final int SIGKILL_EXIT = ChildJvm.SIGKILL_EXIT;

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("killed");

  @Test
  @Timeout(60)
  void aRunWhoseJvmWasKilledIsResumedByAnotherEngineWithoutMakingAnyFinishedCallAgain(@TempDir Path dir)
      throws Exception {
    String runId = "killed-" + UUID.randomUUID();
    CallLog log = new CallLog(dir.resolve("calls.log"));
    Path output = dir.resolve("child-output.log");
    Process child = ChildJvm.start(KillableRunMain.class, output, TABLES.prefix(), runId,
        dir.resolve("calls.log").toString());
    try {
      ChildJvm.waitFor(child, output, "the first round and a and b's second-round calls to be journaled, c's second-round"
              + " call to be in flight and events to be stored",
          () -> ChildJvm.journalRows(TABLES, runId) == 5 && log.calls().contains(KillableRunMain.BLOCKED_CALL)
              && !TABLES.history().events(runId, 0, 1).isEmpty());
      child.destroyForcibly();
      assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the child died").isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(SIGKILL_EXIT);

    StoredRun crashed = TABLES.history().run(runId).orElseThrow();
    assertThat(crashed.status()).isEqualTo(StoredRunStatus.RUNNING);
    assertThat(crashed.ownerNode()).isEqualTo(KillableRunMain.NODE);
    assertThat(storedSeqs(runId)).containsExactlyElementsOf(upTo(crashed.lastSeq()));
    long resumedFrom = crashed.lastSeq() + 1;
    assertThat(log.counts()).as("the calls the killed process made").isEqualTo(Map.of("a 0", 1L, "a 1", 1L, "b 0", 1L, "b 1", 1L, "c 0", 1L,
        "c 1", 1L));

    Result result;
    JdbiRecorder recorder = TABLES.recorderBuilder().build();
    try (CouncilEngine rescuer = CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.node-id", "rescuer-node")))
        .recorder(recorder)
        .provider("mock", log.provider("none"))
        .build()) {
      // The killed process's lease lapses at most KillableRunMain.LEASE after its last renewal; until
      // then the run counts as owned by a live engine and the resume is refused.
      java.util.concurrent.atomic.AtomicReference<dev.council.engine.RunHandle> resumed =
          new java.util.concurrent.atomic.AtomicReference<>();
      Await.until("the killed process's lease lapsed and the resume is accepted", () -> {
        try {
          resumed.set(rescuer.resume(runId));
          return true;
        } catch (dev.council.api.CouncilException e) {
          assertThat(e.getMessage()).contains("is owned by another live engine (node " + KillableRunMain.NODE);
          return false;
        }
      });
      result = resumed.get().await(WAIT);
      Await.until("the completion is stored",
          () -> TABLES.history().run(runId).map(StoredRun::status).filter(StoredRunStatus.COMPLETED::equals)
              .isPresent());
    }

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    Map<String, Long> calls = log.counts();
    assertThat(calls).as("every finished call made once; c's unfinished second-round call made again")
        .hasSize(7)
        .containsEntry("a 0", 1L).containsEntry("b 0", 1L).containsEntry("c 0", 1L)
        .containsEntry("a 1", 1L).containsEntry("b 1", 1L).containsEntry("c 1", 2L);
    assertThat(calls.keySet()).filteredOn(call -> call.startsWith("chair ")).singleElement()
        .satisfies(chair -> assertThat(calls.get(chair)).isEqualTo(1L));
    String fromChild = "from process " + child.pid();
    String fromHere = "from process " + ProcessHandle.current().pid();
    assertThat(result.rounds().get(0).members()).allSatisfy(m -> assertThat(m.content()).endsWith(fromChild));
    assertThat(result.rounds().get(1).member("a").orElseThrow().content()).endsWith(fromChild);
    assertThat(result.rounds().get(1).member("c").orElseThrow().content()).endsWith(fromHere);
    assertThat(result.finalAnswer()).hasValueSatisfying(answer -> assertThat(answer).endsWith(fromHere));

    StoredRun stored = TABLES.history().run(runId).orElseThrow();
    assertThat(stored.ownerNode()).isEqualTo("rescuer-node");
    assertThat(ChildJvm.journalRows(TABLES, runId)).as("3 + 3 member calls and the chair").isEqualTo(7);
    assertThat(stored.unjournaledCalls()).as("no finished call was left unjournaled").isZero();
    List<StoredEvent> events = TABLES.history().events(runId, 0, 10_000);
    assertThat(events).extracting(StoredEvent::seq).as("one contiguous sequence without duplicates")
        .containsExactlyElementsOf(upTo(stored.lastSeq()));
    assertThat(events).filteredOn(e -> e.type().equals("run_started")).extracting(StoredEvent::seq)
        .as("the killed run's start, and the resumed run's continuing the sequence")
        .containsExactly(0L, resumedFrom);
    assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
  }




  private static List<Long> storedSeqs(String runId) {
    return TABLES.history().events(runId, 0, 10_000).stream().map(StoredEvent::seq).toList();
  }

  private static List<Long> upTo(long last) {
    return LongStream.rangeClosed(0, last).boxed().toList();
  }
}
