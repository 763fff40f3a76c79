package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.RunStatus;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunRecording;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunHistoryTest {
  private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");
  /** Every run of the listing tests; recovery tests use runs started a day earlier. */
  private static final RunQuery LISTED = RunQuery.all().startedBetween(BASE, null);

  private static Jdbi jdbi;
  private static String prefix;
  private static RunHistory history;

  @BeforeAll
  static void recordRuns() {
    jdbi = TestDatabase.jdbi();
    prefix = TestDatabase.uniquePrefix("history");
    history = RunHistory.create(jdbi, prefix);
    try (JdbiRecorder recorder = JdbiRecorder.builder().jdbi(jdbi).tablePrefix(prefix).flushInterval(Duration.ZERO)
        .build()) {
      record(recorder, "r1", "alpha", "node-a", 0, RunStatus.COMPLETED);
      record(recorder, "r2", "beta", "node-a", 1, RunStatus.FAILED);
      record(recorder, "r3", "alpha", "node-b", 2, RunStatus.CANCELLED);
      record(recorder, "r4", "alpha", "node-a", 3, RunStatus.RUNNING);
      record(recorder, "r5", "beta", "node-b", 4, RunStatus.COMPLETED);
      record(recorder, "r6", "alpha", "node-b", 5, RunStatus.RUNNING);
      record(recorder, "r7a", "alpha", "node-a", 6, RunStatus.COMPLETED);
      record(recorder, "r7b", "beta", "node-a", 6, RunStatus.COMPLETED);
      record(recorder, "r8", "alpha", "node-a", 7, RunStatus.RUNNING);
      record(recorder, "gone-1", "alpha", "node-gone", -1440, RunStatus.RUNNING);
      record(recorder, "gone-2", "alpha", "node-gone", -1439, RunStatus.RUNNING);
      record(recorder, "gone-done", "alpha", "node-gone", -1438, RunStatus.COMPLETED);
      SyntheticRun rich = new SyntheticRun("rich-1", BASE.minusSeconds(7200), SyntheticRun.richCouncil(), "node-r",
          2, "r2");
      recorder.open(rich.info());
      assertThat(recorder.awaitFlushed(Duration.ofSeconds(30))).isTrue();
    }
  }

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropTables(prefix);
  }

  private static void record(JdbiRecorder recorder, String runId, String councilId, String owner, int minute,
      RunStatus status) {
    Council council = SyntheticRun.COUNCIL.toBuilder().build();
    council = new Council(councilId, council.description(), council.members(), council.rounds(), council.chair(),
        council.router(), council.defaultProfile(), council.profiles(), council.tools(), council.options());
    SyntheticRun run = new SyntheticRun(runId, BASE.plusSeconds(60L * minute), council, owner);
    RunRecording recording = recorder.open(run.info());
    if (status == RunStatus.RUNNING) {
      run.body().forEach(recording::onEvent);
    } else {
      run.play(recording, status);
    }
  }

  private static List<String> ids(RunQuery query) {
    return history.runs(query).stream().map(StoredRun::runId).toList();
  }

  @Test
  void listsRunsNewestFirstWithTiesBrokenByRunId() {
    assertThat(ids(LISTED)).containsExactly("r8", "r7b", "r7a", "r6", "r5", "r4", "r3", "r2", "r1");
  }

  @Test
  void filtersByStatusCouncilAndTimeRange() {
    assertThat(ids(LISTED.withStatuses(StoredRunStatus.RUNNING))).containsExactly("r8", "r6", "r4");
    assertThat(ids(LISTED.withStatuses(StoredRunStatus.FAILED, StoredRunStatus.CANCELLED))).containsExactly("r3", "r2");
    assertThat(ids(LISTED.withCouncilId("beta"))).containsExactly("r7b", "r5", "r2");
    assertThat(ids(LISTED.withCouncilId("alpha").withStatuses(StoredRunStatus.COMPLETED))).containsExactly("r7a", "r1");
    assertThat(ids(RunQuery.all().startedBetween(BASE.plusSeconds(120), BASE.plusSeconds(360))))
        .containsExactly("r6", "r5", "r4", "r3");
    assertThat(ids(RunQuery.all().withCouncilId("gamma"))).isEmpty();
  }

  @Test
  void pagesWithOffset() {
    assertThat(ids(LISTED.withLimit(4))).containsExactly("r8", "r7b", "r7a", "r6");
    assertThat(ids(LISTED.withLimit(4).withOffset(4))).containsExactly("r5", "r4", "r3", "r2");
    assertThat(ids(LISTED.withLimit(4).withOffset(8))).containsExactly("r1");
  }

  @Test
  void pagesWithKeysetPositionsAcrossRunsStartedAtTheSameInstant() {
    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    RunQuery page = LISTED.withLimit(2);
    while (true) {
      List<StoredRun> runs = history.runs(page);
      if (runs.isEmpty()) {
        break;
      }
      pageSizes.add(runs.size());
      runs.forEach(r -> seen.add(r.runId()));
      page = page.after(runs.get(runs.size() - 1));
    }

    assertThat(seen).containsExactly("r8", "r7b", "r7a", "r6", "r5", "r4", "r3", "r2", "r1");
    assertThat(pageSizes).containsExactly(2, 2, 2, 2, 1);
    assertThat(ids(LISTED.after(new RunQuery.Position(BASE.plusSeconds(360), "r7b")))).startsWith("r7a", "r6");
  }

  @Test
  void readsOneRunWithItsResultAndErrors() {
    StoredRun failed = history.run("r2").orElseThrow();

    assertThat(failed.status()).isEqualTo(StoredRunStatus.FAILED);
    assertThat(failed.councilId()).isEqualTo("beta");
    assertThat(failed.result()).isNotNull();
    assertThat(failed.result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.result().rounds()).hasSize(1);
    assertThat(failed.errors()).containsExactly(
        new CouncilError(ErrorKind.PERMANENT, "no member succeeded", null, "independent_analysis", null, null));
    assertThat(failed.finishedAt()).isEqualTo(BASE.plusSeconds(63));
    assertThat(history.run("no-such-run")).isEmpty();
  }

  @Test
  void replaysEventsFromASequenceNumber() {
    assertThat(history.events("r1", 3, 4)).extracting(StoredEvent::seq).containsExactly(3L, 4L, 5L, 8L);
    assertThat(history.events("r1", 11, 100)).extracting(StoredEvent::type).containsExactly("run_completed");
    assertThat(history.events("r1", 12, 100)).isEmpty();
    assertThatThrownBy(() -> history.events("r1", 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be between 1 and 10000, was 0");
  }

  @Test
  void readsTheRunInfoBackWithTheCouncilEqualToTheOriginal() {
    RunInfo info = history.runInfo("rich-1").orElseThrow();

    assertThat(info.council()).isEqualTo(SyntheticRun.richCouncil());
    assertThat(info.input()).isEqualTo(new SyntheticRun("rich-1", BASE).input);
    assertThat(info.attempt()).isEqualTo(2);
    assertThat(info.parentRunId()).isEqualTo("r2");
    assertThat(info.owner()).isEqualTo("node-r");
    assertThat(info.startedAt()).isEqualTo(BASE.minusSeconds(7200));
    assertThat(history.runInfo("no-such-run")).isEmpty();
  }

  @Test
  void marksTheRunningRunsOfAGoneNodeStuck() {
    assertThat(history.runningRunsOwnedBy("node-gone")).containsExactly("gone-1", "gone-2");

    assertThat(history.markStuck("node-gone")).containsExactly("gone-1", "gone-2");

    assertThat(history.runningRunsOwnedBy("node-gone")).isEmpty();
    assertThat(history.run("gone-1").orElseThrow().status()).isEqualTo(StoredRunStatus.STUCK);
    assertThat(history.run("gone-done").orElseThrow().status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(history.markStuck("node-gone")).isEmpty();
    assertThat(history.runningRunsOwnedBy("node-a")).containsExactly("r4", "r8");
  }

  @Test
  void valuesNeverBecomeSql() {
    assertThat(ids(RunQuery.all().withCouncilId("alpha' OR '1'='1"))).isEmpty();
    assertThat(history.run("r1' OR '1'='1")).isEmpty();
    assertThat(history.events("r1' --", 0, 10)).isEmpty();
    assertThat(history.runningRunsOwnedBy("node-a' OR 'x'='x")).isEmpty();
    assertThat(history.markStuck("x'; DROP TABLE " + prefix + "runs; --")).isEmpty();
    assertThat(ids(LISTED)).hasSize(9);
  }

  @Test
  void rejectsQueriesThatCannotBeAnswered() {
    assertThatThrownBy(() -> RunQuery.all().withLimit(0)).hasMessage("limit must be between 1 and 1000, was 0");
    assertThatThrownBy(() -> RunQuery.all().withOffset(-1)).hasMessage("offset must not be negative, was -1");
    assertThatThrownBy(() -> RunQuery.all().startedBetween(BASE, BASE))
        .hasMessage("from (2026-03-01T10:00:00Z) must be before to (2026-03-01T10:00:00Z)");
  }
}
