package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.MemberToken;
import dev.council.api.event.RunStarted;
import dev.council.api.provider.StreamChunk;
import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

/** The recorder's side of resume, rerun and recovery: {@code resumable}, {@code unfinishedRuns}, {@code markStuck}. */
class RecorderResumeTest {
  private static final Duration FLUSH = Duration.ofSeconds(30);
  private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
  private static final AtomicInteger IDS = new AtomicInteger();

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("resume");

  private static JdbiRecorder recorder(UnaryOperator<JdbiRecorder.Builder> settings) {
    return settings.apply(TABLES.recorderBuilder().flushInterval(Duration.ZERO)).build();
  }

  private static RunInfo info(String runId, String owner) {
    return new RunInfo(runId, SyntheticRun.COUNCIL, java.util.Map.of("question", "Resume " + runId + "?"), 2,
        "parent-of-" + runId, owner, T0);
  }

  private static String newRunId() {
    return "resume-" + IDS.incrementAndGet();
  }

  /** Events {@code from} to {@code to - 1}: a RunStarted first, then member starts. */
  private static void feed(RunRecording recording, String runId, long from, long to) {
    for (long seq = from; seq < to; seq++) {
      recording.onEvent(event(runId, seq, seq == from));
    }
  }

  private static CouncilEvent event(String runId, long seq, boolean first) {
    return first
        ? new RunStarted(runId, seq, T0.plusMillis(seq), "advisor", java.util.Map.of(), 2, "parent-of-" + runId)
        : new MemberStarted(runId, seq, T0.plusMillis(seq), "independent_analysis", 0, 0, "a", 1, "prompt");
  }

  /** Records events 0..count-1 of a run on node {@code owner} and ends it with {@code outcome} (or none). */
  private static void recordRun(String runId, String owner, int count, RunOutcome outcome) {
    try (JdbiRecorder recorder = recorder(b -> b)) {
      RunRecording recording = recorder.open(info(runId, owner));
      feed(recording, runId, 0, count);
      if (outcome != null) {
        recording.finish(outcome);
      }
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }
  }

  private static List<Long> storedSeqs(String runId) {
    return TABLES.history().events(runId, 0, 1000).stream().map(StoredEvent::seq).toList();
  }

  private static RunOutcome completed(String runId) {
    return new SyntheticRun(runId, T0).outcome(RunStatus.COMPLETED);
  }

  @Test
  void resumableGivesWhatTheRunWasOpenedWithAndTheSeqItsNextEventGets() {
    String runId = newRunId();
    recordRun(runId, "node-a", 5, new RunOutcome.Stopped(RunOutcome.Stopped.ENGINE_STOPPED));

    try (JdbiRecorder recorder = recorder(b -> b)) {
      ResumableRun stored = recorder.resumable(runId).orElseThrow();

      assertThat(stored.info()).isEqualTo(info(runId, "node-a"));
      assertThat(stored.nextSeq()).isEqualTo(5);
      assertThat(stored.finished()).isFalse();
      assertThat(recorder.resumable("never-recorded")).isEmpty();
    }
  }

  @Test
  void completedFailedCancelledAndTerminatedRunsAreFinishedButRunningAndStuckOnesAreNot() {
    String completed = newRunId();
    String failed = newRunId();
    String cancelled = newRunId();
    String terminated = newRunId();
    String running = newRunId();
    String stuck = newRunId();
    SyntheticRun f = new SyntheticRun(failed, T0);
    SyntheticRun c = new SyntheticRun(cancelled, T0);
    recordRun(completed, "node-f", 3, completed(completed));
    recordRun(failed, "node-f", 3, f.outcome(RunStatus.FAILED));
    recordRun(cancelled, "node-f", 3, c.outcome(RunStatus.CANCELLED));
    recordRun(terminated, "node-f", 3, new RunOutcome.Stopped(RunOutcome.Stopped.TERMINATED));
    recordRun(running, "node-f", 3, null);
    recordRun(stuck, "node-f", 3, null);

    try (JdbiRecorder recorder = recorder(b -> b)) {
      recorder.markStuck(stuck);

      for (String runId : List.of(completed, failed, cancelled, terminated)) {
        assertThat(recorder.resumable(runId)).as(runId).hasValueSatisfying(r -> assertThat(r.finished()).isTrue());
      }
      for (String runId : List.of(running, stuck)) {
        assertThat(recorder.resumable(runId)).as(runId).hasValueSatisfying(r -> assertThat(r.finished()).isFalse());
      }
    }
  }

  @Test
  void reopeningAStoppedRunContinuesItsRowAndSequenceUnderTheNewOwner() {
    String runId = newRunId();
    recordRun(runId, "node-a", 6, new RunOutcome.Stopped(RunOutcome.Stopped.ENGINE_STOPPED));

    try (JdbiRecorder recorder = recorder(b -> b)) {
      long next = recorder.resumable(runId).orElseThrow().nextSeq();
      RunRecording resumed = recorder.open(info(runId, "node-b"));
      feed(resumed, runId, next, next + 4);
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
      assertThat(TABLES.history().run(runId).orElseThrow().status()).isEqualTo(StoredRunStatus.RUNNING);
      resumed.finish(completed(runId));
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }

    StoredRun stored = TABLES.history().run(runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(stored.ownerNode()).isEqualTo("node-b");
    assertThat(stored.startedAt()).isEqualTo(T0);
    assertThat(stored.attempt()).isEqualTo(2);
    assertThat(stored.lastSeq()).isEqualTo(9);
    assertThat(storedSeqs(runId)).containsExactlyElementsOf(LongStream.range(0, 10).boxed().toList());
    assertThat(TABLES.history().events(runId, 6, 1)).extracting(StoredEvent::type).containsExactly("run_started");
  }

  @Test
  void nextSeqFollowsTheHighestSeqTheRunReachedIncludingEventsTheFilterLeftOut() {
    String runId = newRunId();
    try (JdbiRecorder recorder = recorder(b -> b)) {
      RunRecording recording = recorder.open(info(runId, "node-a"));
      feed(recording, runId, 0, 3);
      recording.onEvent(new MemberToken(runId, 3, T0, "independent_analysis", 0, "a", new StreamChunk("x", null, 0)));
      recording.finish(new RunOutcome.Stopped(RunOutcome.Stopped.ENGINE_STOPPED));
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }

    try (JdbiRecorder recorder = recorder(b -> b)) {
      assertThat(storedSeqs(runId)).containsExactly(0L, 1L, 2L);
      assertThat(recorder.resumable(runId).orElseThrow().nextSeq()).isEqualTo(4);
    }
  }

  @Test
  void aRunWithoutEventsIsResumedFromSeqZero() {
    String runId = newRunId();
    recordRun(runId, "node-a", 0, null);

    try (JdbiRecorder recorder = recorder(b -> b)) {
      assertThat(recorder.resumable(runId).orElseThrow().nextSeq()).isZero();
    }
  }

  @Test
  void resumableFirstWritesWhatThisRecorderStillBuffers() {
    String runId = newRunId();
    try (JdbiRecorder recorder = recorder(b -> b.flushInterval(Duration.ofSeconds(30)).batchSize(1000))) {
      RunRecording recording = recorder.open(info(runId, "node-a"));
      feed(recording, runId, 0, 7);
      recording.finish(new RunOutcome.Stopped(RunOutcome.Stopped.ENGINE_STOPPED));

      ResumableRun stored = recorder.resumable(runId).orElseThrow();

      assertThat(stored.nextSeq()).isEqualTo(7);
      assertThat(recorder.stats().pending()).isZero();
    }
  }

  @Test
  void unfinishedRunsAreTheRunsANodeLeftRunningIncludingThoseStoppedWithTheirEngine() {
    String running = newRunId();
    String engineStopped = newRunId();
    String terminated = newRunId();
    String done = newRunId();
    String elsewhere = newRunId();
    recordRun(running, "node-u", 2, null);
    recordRun(engineStopped, "node-u", 2, new RunOutcome.Stopped(RunOutcome.Stopped.ENGINE_STOPPED));
    recordRun(terminated, "node-u", 2, new RunOutcome.Stopped(RunOutcome.Stopped.TERMINATED));
    recordRun(done, "node-u", 2, completed(done));
    recordRun(elsewhere, "node-v", 2, null);

    try (JdbiRecorder recorder = recorder(b -> b)) {
      assertThat(recorder.unfinishedRuns("node-u")).containsExactlyInAnyOrder(running, engineStopped);
      assertThat(recorder.unfinishedRuns("node-gone")).isEmpty();
    }
  }

  @Test
  void markStuckMarksOnlyARunningRunAndAResumeSetsItRunningAgain() {
    String running = newRunId();
    String done = newRunId();
    recordRun(running, "node-s", 4, null);
    recordRun(done, "node-s", 2, completed(done));

    try (JdbiRecorder recorder = recorder(b -> b)) {
      recorder.markStuck(running);
      recorder.markStuck(done);
      recorder.markStuck("never-recorded");

      assertThat(TABLES.history().run(running).orElseThrow().status()).isEqualTo(StoredRunStatus.STUCK);
      assertThat(TABLES.history().run(running).orElseThrow().finishedAt()).isNull();
      assertThat(TABLES.history().run(done).orElseThrow().status()).isEqualTo(StoredRunStatus.COMPLETED);
      assertThat(recorder.unfinishedRuns("node-s")).isEmpty();

      RunRecording resumed = recorder.open(info(running, "node-t"));
      feed(resumed, running, 4, 5);
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }

    StoredRun stored = TABLES.history().run(running).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.RUNNING);
    assertThat(stored.ownerNode()).isEqualTo("node-t");
  }

  @Test
  void aJournaledCallWritesItsRunsRowIfTheWriterHasNotYet() {
    String runId = newRunId();
    try (JdbiRecorder recorder = recorder(b -> b.flushInterval(Duration.ofSeconds(30)).batchSize(1000))) {
      recorder.open(info(runId, "node-j"));

      recorder.journal().record(new dev.council.api.spi.CallKey(runId, 0, 0, "a"), "hash",
          SyntheticRun.memberResult("a", "journaled"));

      assertThat(recorder.stats().pending()).as("the writer has not written the opening").isEqualTo(1);
      StoredRun row = TABLES.history().run(runId).orElseThrow();
      assertThat(row.status()).isEqualTo(StoredRunStatus.RUNNING);
      assertThat(row.ownerNode()).isEqualTo("node-j");
      assertThat(TABLES.history().runInfo(runId)).contains(info(runId, "node-j"));
    }
    assertThat(TABLES.history().run(runId).orElseThrow().status()).isEqualTo(StoredRunStatus.RUNNING);
  }

  @Test
  void droppedEventsOfEveryLifeOfARunAddUp() {
    String runId = newRunId();
    try (JdbiRecorder recorder = recorder(b -> b.bufferCapacity(2).flushInterval(Duration.ofSeconds(30))
        .batchSize(1000))) {
      RunRecording recording = recorder.open(info(runId, "node-d"));
      feed(recording, runId, 0, 5);
      recording.finish(new RunOutcome.Stopped(RunOutcome.Stopped.ENGINE_STOPPED));
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }
    assertThat(TABLES.history().run(runId).orElseThrow().droppedEvents()).isEqualTo(3);

    try (JdbiRecorder recorder = recorder(b -> b.bufferCapacity(1).flushInterval(Duration.ofSeconds(30))
        .batchSize(1000))) {
      long next = recorder.resumable(runId).orElseThrow().nextSeq();
      RunRecording resumed = recorder.open(info(runId, "node-d"));
      feed(resumed, runId, next, next + 3);
      resumed.finish(completed(runId));
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }
    StoredRun stored = TABLES.history().run(runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(stored.droppedEvents()).isEqualTo(3 + 2);
  }
}
