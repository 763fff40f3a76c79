package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberStarted;
import dev.council.api.json.JsonMapping;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.recorder.jdbi.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbiRecorderTest {
  private static final Duration FLUSH = Duration.ofSeconds(30);
  private static final AtomicInteger IDS = new AtomicInteger();

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("rec");

  private static JdbiRecorder recorder(UnaryOperator<JdbiRecorder.Builder> settings) {
    return settings.apply(TABLES.recorderBuilder().flushInterval(Duration.ZERO)).build();
  }

  private static SyntheticRun newRun() {
    return new SyntheticRun("run-" + IDS.incrementAndGet(), Instant.parse("2026-03-01T10:00:00Z"));
  }

  private static List<Long> storedSeqs(String runId) {
    return TABLES.history().events(runId, 0, 1000).stream().map(StoredEvent::seq).toList();
  }

  @Test
  void completedRunHasItsRowAndEveryEventInOneContiguousSequence() {
    SyntheticRun run = newRun();
    try (JdbiRecorder recorder = recorder(b -> b.eventFilter(EventFilter.all()))) {
      run.play(recorder.open(run.info()), RunStatus.COMPLETED);

      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
      assertThat(recorder.stats()).isEqualTo(new RecorderStats(14, 0, 0, 0));
    }

    List<StoredEvent> events = TABLES.history().events(run.runId, 0, 1000);
    assertThat(events).extracting(StoredEvent::seq).containsExactlyElementsOf(LongStream.range(0, 12).boxed().toList());
    assertThat(events).extracting(StoredEvent::type).containsExactly("run_started", "round_started",
        "member_started", "member_started", "tool_call_requested", "tool_call_completed", "member_token",
        "member_token", "member_completed", "member_completed", "round_completed", "run_completed");
    assertThat(events).extracting(StoredEvent::createdAt)
        .containsExactlyElementsOf(LongStream.range(0, 12).mapToObj(run.startedAt::plusMillis).toList());
    StoredRun stored = TABLES.history().run(run.runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(stored.councilId()).isEqualTo("advisor");
    assertThat(stored.input()).isEqualTo(run.input);
    assertThat(stored.result()).isEqualTo(run.result(RunStatus.COMPLETED));
    assertThat(stored.answer()).contains("Yes, mostly.");
    assertThat(stored.errors()).isEmpty();
    assertThat(stored.attempt()).isEqualTo(1);
    assertThat(stored.parentRunId()).isNull();
    assertThat(stored.ownerNode()).isEqualTo("node-a");
    assertThat(stored.lastSeq()).isEqualTo(11);
    assertThat(stored.droppedEvents()).isZero();
    assertThat(stored.startedAt()).isEqualTo(run.startedAt);
    assertThat(stored.finishedAt()).isEqualTo(run.startedAt.plusSeconds(3));
  }

  @Test
  void storedPayloadHoldsTheEventsFields() {
    SyntheticRun run = newRun();
    try (JdbiRecorder recorder = recorder(b -> b)) {
      run.play(recorder.open(run.info()), RunStatus.COMPLETED);
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }

    StoredEvent completed = TABLES.history().events(run.runId, 8, 1).get(0);

    assertThat(completed.type()).isEqualTo("member_completed");
    assertThat(completed.payload()).containsEntry("runId", run.runId).containsEntry("seq", 8)
        .containsEntry("timestamp", run.startedAt.plusMillis(8).toString()).containsEntry("type", "member_completed")
        .containsEntry("round", "independent_analysis").containsEntry("roundIndex", 0)
        .containsEntry("iteration", 0);
    assertThat(completed.payload().get("result")).asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
        .containsEntry("memberId", "a").containsEntry("status", "OK").containsEntry("content", "Yes")
        .containsEntry("latency", "PT0.42S").containsEntry("usage", Map.of("inputTokens", 15, "outputTokens", 6,
            "cost", 0.002));
  }

  @Test
  void defaultFilterLeavesOutStreamedTokensButCountsTheirSeq() {
    SyntheticRun run = newRun();
    try (JdbiRecorder recorder = recorder(b -> b)) {
      run.play(recorder.open(run.info()), RunStatus.COMPLETED);
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }

    assertThat(storedSeqs(run.runId)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 8L, 9L, 10L, 11L);
    assertThat(TABLES.history().events(run.runId, 0, 1000)).extracting(StoredEvent::type)
        .doesNotContain("member_token");
    assertThat(TABLES.history().run(run.runId).orElseThrow().lastSeq()).isEqualTo(11);
  }

  @Test
  void includeFilterStoresOnlyTheListedTypes() {
    SyntheticRun run = newRun();
    try (JdbiRecorder recorder = recorder(b -> b.eventFilter(EventFilter.parse("include:run_started,run_completed")))) {
      run.play(recorder.open(run.info()), RunStatus.COMPLETED);
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }

    assertThat(TABLES.history().events(run.runId, 0, 1000)).extracting(StoredEvent::type)
        .containsExactly("run_started", "run_completed");
    assertThat(TABLES.history().run(run.runId).orElseThrow().status()).isEqualTo(StoredRunStatus.COMPLETED);
  }

  @ParameterizedTest
  @EnumSource(value = RunStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
  void outcomeIsRecordedExactlyOnceAndLaterCallsAreIgnoredAndCounted(RunStatus status) {
    SyntheticRun run = newRun();
    RecorderStats stats;
    try (JdbiRecorder recorder = recorder(b -> b)) {
      RunRecording recording = recorder.open(run.info());
      run.play(recording, status);
      CouncilEvent late = run.terminal(RunStatus.COMPLETED);
      recording.onEvent(late);
      recording.finish(new RunOutcome.Stopped("second finish"));
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
      stats = recorder.stats();
    }

    StoredRun stored = TABLES.history().run(run.runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.valueOf(status.name()));
    assertThat(stored.result()).isEqualTo(run.result(status));
    assertThat(stored.errors()).isEqualTo(run.result(status).errors());
    assertThat(stored.lastSeq()).isEqualTo(11);
    assertThat(storedSeqs(run.runId)).doesNotContain(12L);
    assertThat(stats.dropped()).as("the late event").isEqualTo(1);
    assertThat(stored.droppedEvents()).isZero();
  }

  @Test
  void aFinishedRunIsNeitherReopenedNorFinalizedAgainByAnotherRecording() {
    SyntheticRun run = newRun();
    try (JdbiRecorder first = recorder(b -> b); JdbiRecorder second = recorder(b -> b)) {
      run.play(first.open(run.info()), RunStatus.COMPLETED);
      assertThat(first.awaitFlushed(FLUSH)).isTrue();

      RunRecording again = second.open(run.info());
      again.finish(run.outcome(RunStatus.FAILED));
      assertThat(second.awaitFlushed(FLUSH)).isTrue();
    }

    StoredRun stored = TABLES.history().run(run.runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(stored.errors()).isEmpty();
  }

  @Test
  void aRunOpenedAndFinishedInOneBatchIsStoredAsOneWrittenRecordByRecord() {
    SyntheticRun oneBatch = newRun();
    SyntheticRun oneByOne = newRun();
    try (JdbiRecorder whole = recorder(b -> b.flushInterval(Duration.ofSeconds(5)).batchSize(1000));
        JdbiRecorder single = recorder(b -> b.batchSize(1))) {
      oneBatch.play(whole.open(oneBatch.info()), RunStatus.FAILED);
      oneByOne.play(single.open(oneByOne.info()), RunStatus.FAILED);
      assertThat(whole.awaitFlushed(FLUSH)).isTrue();
      assertThat(single.awaitFlushed(FLUSH)).isTrue();
      assertThat(whole.stats()).isEqualTo(new RecorderStats(12, 0, 0, 0));
      assertThat(single.stats()).isEqualTo(new RecorderStats(12, 0, 0, 0));
    }

    StoredRun a = TABLES.history().run(oneBatch.runId).orElseThrow();
    StoredRun b = TABLES.history().run(oneByOne.runId).orElseThrow();
    assertThat(a.status()).isEqualTo(StoredRunStatus.FAILED);
    assertThat(a.result()).isEqualTo(oneBatch.result(RunStatus.FAILED));
    assertThat(b.result()).isEqualTo(oneByOne.result(RunStatus.FAILED));
    assertThat(a.input()).isEqualTo(oneBatch.input);
    assertThat(b.input()).isEqualTo(oneByOne.input);
    assertThat(a.errors()).isNotEmpty().isEqualTo(b.errors());
    assertThat(a.lastSeq()).isEqualTo(11).isEqualTo(b.lastSeq());
    for (java.util.function.Function<StoredRun, Object> field : List.<java.util.function.Function<StoredRun, Object>>of(
        StoredRun::status, StoredRun::councilId, StoredRun::attempt, StoredRun::parentRunId,
        StoredRun::ownerNode, StoredRun::droppedEvents, StoredRun::startedAt, StoredRun::finishedAt)) {
      assertThat(field.apply(a)).isEqualTo(field.apply(b));
    }
    assertThat(TABLES.history().events(oneBatch.runId, 0, 1000)).extracting(StoredEvent::seq)
        .containsExactlyElementsOf(TABLES.history().events(oneByOne.runId, 0, 1000).stream().map(StoredEvent::seq)
            .toList());
  }

  @Test
  void aResumedRunsRepeatedSeqsAreWrittenOnceAndOneStoredWithAnotherPayloadIsCountedAsConflicted() {
    SyntheticRun run = newRun();
    List<CouncilEvent> body = run.body();
    CouncilEvent terminal = run.terminal(RunStatus.COMPLETED);
    try (JdbiRecorder first = recorder(b -> b)) {
      RunRecording recording = first.open(run.info());
      body.subList(0, 5).forEach(recording::onEvent);
      assertThat(first.awaitFlushed(FLUSH)).isTrue();
    }
    CouncilEvent stored3 = body.get(3);
    CouncilEvent other3 = new MemberStarted(run.runId, stored3.seq(), stored3.timestamp(), "independent_analysis", 0,
        0, "c", 1, "Question: yes?");

    // One batch: the run's opening, its events and its outcome (the form written by one statement per table).
    try (JdbiRecorder second = recorder(b -> b.flushInterval(Duration.ofSeconds(5)).batchSize(1000))) {
      RunRecording recording = second.open(run.info());
      for (CouncilEvent e : body) {
        recording.onEvent(e == stored3 ? other3 : e);
      }
      recording.onEvent(terminal);
      recording.finish(run.outcome(RunStatus.COMPLETED));
      assertThat(second.awaitFlushed(FLUSH)).isTrue();

      RecorderStats stats = second.stats();
      assertThat(stats.conflicted()).as("seq 3, stored with another payload").isEqualTo(1);
      assertThat(stats.dropped()).isEqualTo(1);
      assertThat(stats.failures()).isZero();
      assertThat(stats.written()).as("the opening, 9 of the 10 events the filter keeps, the outcome").isEqualTo(11);
    }

    StoredRun stored = TABLES.history().run(run.runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(stored.droppedEvents()).isEqualTo(1);
    assertThat(stored.lastSeq()).isEqualTo(11);
    List<StoredEvent> events = TABLES.history().events(run.runId, 0, 1000);
    assertThat(events).extracting(StoredEvent::seq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 8L, 9L, 10L, 11L);
    assertThat(events.get(3).payload()).containsEntry("memberId", "b");
  }

  @Test
  void terminatedRunIsRecordedAsCancelledWithoutResultWithTheReasonAndTheClocksTime() {
    SyntheticRun run = newRun();
    Instant now = Instant.parse("2026-03-01T10:05:00Z");
    try (JdbiRecorder recorder = recorder(b -> b.clock(Clock.fixed(now, ZoneOffset.UTC)))) {
      RunRecording recording = recorder.open(run.info());
      run.body().forEach(recording::onEvent);
      recording.finish(new RunOutcome.Stopped(RunOutcome.Stopped.TERMINATED));
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }

    StoredRun stored = TABLES.history().run(run.runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.CANCELLED);
    assertThat(stored.result()).isNull();
    assertThat(stored.errors()).containsExactly(CouncilError.of(ErrorKind.CANCELLED,
        "run terminated before it finished (RunHandle.terminate); it cannot be resumed: rerun it to start it"
            + " again as a new attempt"));
    assertThat(stored.finishedAt()).isEqualTo(now);
    assertThat(stored.lastSeq()).isEqualTo(10);
  }

  @Test
  void runStoppedWithItsEngineStaysRunningWithItsLastSeqSoThatItCanBeResumed() {
    SyntheticRun run = newRun();
    try (JdbiRecorder recorder = recorder(b -> b)) {
      RunRecording recording = recorder.open(run.info());
      run.body().forEach(recording::onEvent);
      recording.finish(new RunOutcome.Stopped(RunOutcome.Stopped.ENGINE_STOPPED));
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }

    StoredRun stored = TABLES.history().run(run.runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.RUNNING);
    assertThat(stored.finishedAt()).isNull();
    assertThat(stored.result()).isNull();
    assertThat(stored.errors()).isEmpty();
    assertThat(stored.lastSeq()).as("counting the streamed tokens the filter left out").isEqualTo(10);
    assertThat(storedSeqs(run.runId)).doesNotContain(6L, 7L).contains(5L, 8L, 10L);
  }

  @Test
  void runWithoutOutcomeStaysRunningWithItsLastSeq() {
    SyntheticRun run = newRun();
    try (JdbiRecorder recorder = recorder(b -> b)) {
      RunRecording recording = recorder.open(run.info());
      run.body().subList(0, 5).forEach(recording::onEvent);
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }

    StoredRun stored = TABLES.history().run(run.runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.RUNNING);
    assertThat(stored.finishedAt()).isNull();
    assertThat(stored.result()).isNull();
    assertThat(stored.lastSeq()).isEqualTo(4);
  }

  @Test
  void closeWritesWhatIsStillBuffered() {
    SyntheticRun run = newRun();
    JdbiRecorder recorder = recorder(b -> b.flushInterval(Duration.ofSeconds(5)).batchSize(1000));
    run.play(recorder.open(run.info()), RunStatus.COMPLETED);

    recorder.close();

    assertThat(recorder.stats()).isEqualTo(new RecorderStats(12, 0, 0, 0));
    assertThat(storedSeqs(run.runId)).hasSize(10);
    assertThat(TABLES.history().run(run.runId).orElseThrow().status()).isEqualTo(StoredRunStatus.COMPLETED);
  }

  @Test
  void recordingAgainstAnUnreachableDatabaseNeverThrowsAndCloseCountsWhatItAbandons() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    SyntheticRun run = newRun();
    JdbiRecorder recorder = JdbiRecorder.builder()
        .dataSource(TestDatabase.dataSource(TestDatabase.urlVia("127.0.0.1", closedPort)))
        .tablePrefix(TABLES.prefix())
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .closeTimeout(Duration.ofMillis(300))
        .build();

    run.play(recorder.open(run.info()), RunStatus.COMPLETED);
    Await.until("a write failed", () -> recorder.stats().failures() > 0);
    recorder.close();

    RecorderStats stats = recorder.stats();
    assertThat(stats.written()).isZero();
    assertThat(stats.pending()).isZero();
    assertThat(stats.dropped()).as("open, 10 events, outcome").isEqualTo(12);
    assertThat(TABLES.history().run(run.runId)).isEmpty();
  }

  /**
   * Plays {@code count} runs at once, each on its own virtual thread, into one recorder with
   * {@code settings}; asserts every record was written and nothing dropped, and returns the runs.
   */
  private static List<SyntheticRun> playConcurrently(int count, UnaryOperator<JdbiRecorder.Builder> settings)
      throws InterruptedException {
    List<SyntheticRun> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      runs.add(newRun());
    }
    try (JdbiRecorder recorder = recorder(settings)) {
      List<Thread> threads = new ArrayList<>();
      for (SyntheticRun run : runs) {
        threads.add(Thread.ofVirtual().start(() -> run.play(recorder.open(run.info()), RunStatus.COMPLETED)));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
      assertThat(recorder.stats()).isEqualTo(new RecorderStats(count * 14L, 0, 0, 0));
    }
    return runs;
  }

  @Test
  void concurrentRunsEachKeepEveryEventInOrder() throws InterruptedException {
    List<SyntheticRun> runs = playConcurrently(20, b -> b.eventFilter(EventFilter.all()).batchSize(7));

    for (SyntheticRun run : runs) {
      assertThat(storedSeqs(run.runId)).as(run.runId).containsExactlyElementsOf(LongStream.range(0, 12).boxed().toList());
      assertThat(TABLES.history().run(run.runId).orElseThrow().status()).isEqualTo(StoredRunStatus.COMPLETED);
    }
  }

  @Test
  void runsSpreadOverSeveralWritersEachKeepEveryEventInOrderAndTheExactCounts() throws InterruptedException {
    List<SyntheticRun> runs = playConcurrently(40, b -> b.eventFilter(EventFilter.all()).batchSize(5).writers(3));

    for (SyntheticRun run : runs) {
      assertThat(storedSeqs(run.runId)).as(run.runId).containsExactlyElementsOf(LongStream.range(0, 12).boxed().toList());
      StoredRun stored = TABLES.history().run(run.runId).orElseThrow();
      assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
      assertThat(stored.lastSeq()).isEqualTo(11);
    }
  }

  @Test
  void storedPayloadOfEveryEventTypeIsTheJsonMappingForm() {
    SyntheticRun completed = newRun();
    SyntheticRun failed = newRun();
    try (JdbiRecorder recorder = recorder(b -> b.eventFilter(EventFilter.all()))) {
      completed.play(recorder.open(completed.info()), RunStatus.COMPLETED);
      failed.play(recorder.open(failed.info()), RunStatus.FAILED);
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
    }
    Json json = Json.get();
    java.util.Set<String> types = new java.util.HashSet<>();

    for (SyntheticRun run : List.of(completed, failed)) {
      SyntheticRun again = new SyntheticRun(run.runId, run.startedAt);  // the same events, seqs from 0
      List<CouncilEvent> events = new ArrayList<>(again.body());
      events.add(again.terminal(run == completed ? RunStatus.COMPLETED : RunStatus.FAILED));
      List<String> stored = TABLES.jdbi().withHandle(h -> h.createQuery(
              "SELECT payload::text FROM " + TABLES.prefix() + "run_events WHERE run_id = :runId ORDER BY seq")
          .bind("runId", run.runId).mapTo(String.class).list());

      assertThat(stored).hasSameSizeAs(events);
      for (int i = 0; i < events.size(); i++) {
        CouncilEvent event = events.get(i);
        assertThat(json.readMap(stored.get(i))).as(event.type())
            .isEqualTo(json.readMap(json.write(JsonMapping.toTree(event))));
        types.add(event.type());
      }
    }
    assertThat(types).isEqualTo(dev.council.recorder.jdbi.internal.EventTypes.names());
  }

  @Test
  void toStringShowsTheSettingsAndCounters() {
    try (JdbiRecorder recorder = recorder(b -> b.bufferCapacity(77))) {
      assertThat(recorder.toString()).contains("tablePrefix=" + TABLES.prefix(), "migrate=true",
          "events=exclude:member_token",
          "bufferCapacity=77", "RecorderStats[written=0");
    }
  }
}
