package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberToken;
import dev.council.api.provider.StreamChunk;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.RunRecording;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away mid-run and comes back: the recorder's connections go through a TCP proxy
 * that the test stops (cutting every connection and refusing new ones) and starts again.
 */
class DatabaseOutageTest {
  private static final Duration FLUSH = Duration.ofSeconds(60);

  private static String prefix;
  private static RunHistory history;

  private TcpProxy proxy;
  private HikariDataSource pool;

  @BeforeAll
  static void createSchema() {
    prefix = TestDatabase.uniquePrefix("outage");
    CouncilSchema.migrate(TestDatabase.jdbi(), prefix);
    history = RunHistory.create(TestDatabase.jdbi(), prefix);
  }

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropTables(prefix);
  }

  @BeforeEach
  void startProxy() {
    proxy = TcpProxy.to(TestDatabase.host(), TestDatabase.port());
    pool = new HikariDataSource();
    pool.setJdbcUrl(TestDatabase.urlVia("127.0.0.1", proxy.port()));
    pool.setUsername(TestDatabase.USER);
    pool.setPassword(TestDatabase.PASSWORD);
    pool.setMaximumPoolSize(2);
    pool.setConnectionTimeout(500);
    pool.setInitializationFailTimeout(-1);
  }

  @AfterEach
  void stopProxy() {
    pool.close();
    proxy.close();
  }

  private JdbiRecorder recorder(int bufferCapacity) {
    return JdbiRecorder.builder()
        .dataSource(pool)
        .tablePrefix(prefix)
        .eventFilter(EventFilter.all())
        .bufferCapacity(bufferCapacity)
        .flushInterval(Duration.ZERO)
        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .build();
  }

  @Test
  void eventsRecordedWhileTheDatabaseIsDownAreAllWrittenWhenItReturns() {
    SyntheticRun run = new SyntheticRun("run-outage", Instant.parse("2026-04-01T09:00:00Z"));
    List<CouncilEvent> events = run.body();
    try (JdbiRecorder recorder = recorder(1000)) {
      RunRecording recording = recorder.open(run.info());
      events.subList(0, 5).forEach(recording::onEvent);
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
      assertThat(recorder.problem()).as("writing works").isEmpty();

      proxy.stop();
      events.subList(5, events.size()).forEach(recording::onEvent);
      recording.onEvent(run.terminal(RunStatus.COMPLETED));
      recording.finish(run.outcome(RunStatus.COMPLETED));
      Await.until("the writer has failed three times against the stopped database",
          () -> recorder.stats().failures() >= 3);
      assertThat(recorder.problem()).as("the outage is a standing problem while it lasts (health, result metadata)")
          .hasValueSatisfying(p -> assertThat(p)
              .contains("cannot write to PostgreSQL since", "record(s) are buffered and retried", prefix)
              .doesNotContainIgnoringCase("password"));

      assertThat(recorder.stats().pending()).isEqualTo(8);
      assertThat(history.events(run.runId, 0, 100)).extracting(StoredEvent::seq).containsExactly(0L, 1L, 2L, 3L, 4L);
      assertThat(history.run(run.runId).orElseThrow().status()).isEqualTo(StoredRunStatus.RUNNING);

      proxy.start();
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
      assertThat(recorder.problem()).as("written again: the problem is gone").isEmpty();

      RecorderStats stats = recorder.stats();
      assertThat(stats.written()).isEqualTo(14);
      assertThat(stats.pending()).isZero();
      assertThat(stats.dropped()).isZero();
    }
    assertThat(history.events(run.runId, 0, 100)).extracting(StoredEvent::seq)
        .containsExactlyElementsOf(LongStream.range(0, 12).boxed().toList());
    StoredRun stored = history.run(run.runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(stored.lastSeq()).isEqualTo(11);
    assertThat(stored.droppedEvents()).isZero();
  }

  @Test
  void eventsBeyondTheBufferAreDroppedAndCountedWhileTheRunsRowAndOutcomeAreKept() {
    SyntheticRun run = new SyntheticRun("run-overflow", Instant.parse("2026-04-01T10:00:00Z"));
    proxy.stop();
    try (JdbiRecorder recorder = recorder(5)) {
      RunRecording recording = recorder.open(run.info());
      for (long seq = 0; seq < 20; seq++) {
        recording.onEvent(new MemberToken(run.runId, seq, run.startedAt.plusMillis(seq), "independent_analysis", 0,
            "a", new StreamChunk("t" + seq, null, (int) seq)));
      }
      recording.finish(run.outcome(RunStatus.COMPLETED));

      assertThat(recorder.stats().dropped()).isEqualTo(15);
      assertThat(recorder.stats().pending()).as("open, 5 events, outcome").isEqualTo(7);

      proxy.start();
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
      assertThat(recorder.stats().written()).isEqualTo(7);
      assertThat(recorder.stats().dropped()).isEqualTo(15);
    }
    assertThat(history.events(run.runId, 0, 100)).extracting(StoredEvent::seq).containsExactly(0L, 1L, 2L, 3L, 4L);
    StoredRun stored = history.run(run.runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(stored.droppedEvents()).isEqualTo(15);
    assertThat(stored.lastSeq()).isEqualTo(19);
  }

  @Test
  void journalEntriesOfCallsThatFinishDuringAnOutageAreKeptCountedAtRiskAndWrittenWhenItReturns() {
    try (JdbiRecorder recorder = recorder(10)) {
      recorder.prepareSchema();
      CallKey first = new CallKey("run-journal-outage", 0, 0, "a");
      CallKey second = new CallKey("run-journal-outage", 0, 0, "b");
      MemberResult a = SyntheticRun.memberResult("a", "Yes");
      MemberResult b = SyntheticRun.memberResult("b", "No");
      proxy.stop();

      recorder.journal().record(first, "hash-1", a);
      Await.until("the journal knows it is failing", () -> recorder.stats().journalFailures() >= 1);
      recorder.journal().record(second, "hash-2", b);

      RecorderStats during = recorder.stats();
      assertThat(during.journalDeferred()).as("both callers went on without their commit").isEqualTo(2);
      assertThat(during.journalAtRisk()).as("a crash now would make both calls again").isEqualTo(2);
      assertThat(during.journalPending()).isEqualTo(2);
      assertThat(during.journalLost()).isZero();
      assertThatThrownBy(() -> recorder.journal().find(first)).isInstanceOf(CouncilException.class)
          .hasMessageContaining("could not read the member call (run run-journal-outage, round 0, iteration 0,"
              + " member a) in table " + prefix + "member_calls")
          .hasMessageContaining("check that PostgreSQL is reachable")
          .satisfies(e -> assertThat(((CouncilException) e).kind()).isEqualTo(ErrorKind.TRANSIENT));

      proxy.start();
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
      RecorderStats after = recorder.stats();
      assertThat(after.journalAtRisk()).isZero();
      assertThat(after.journalPending()).isZero();
      assertThat(after.journalWritten()).isEqualTo(2);
      assertThat(after.journalLost()).isZero();
      assertThat(recorder.journal().find(first)).contains(a);
      assertThat(recorder.journal().find(second)).contains(b);
    }
  }

  @Test
  void journalEntriesBeyondTheQueueAreLostCountedAndAddedToTheirRunsRow() {
    SyntheticRun run = new SyntheticRun("run-journal-full", Instant.parse("2026-04-01T11:00:00Z"));
    try (JdbiRecorder recorder = JdbiRecorder.builder().dataSource(pool).tablePrefix(prefix)
        .journalQueueCapacity(2).journalCommitWait(Duration.ZERO)
        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build()) {
      recorder.prepareSchema();
      proxy.stop();
      recorder.open(run.info());
      for (String member : List.of("a", "b", "c", "d")) {
        recorder.journal().record(new CallKey(run.runId, 0, 0, member), "h", SyntheticRun.memberResult(member, "x"));
      }
      assertThat(recorder.stats().journalLost()).as("two fit in the queue").isEqualTo(2);
      assertThat(recorder.stats().journalAtRisk()).isEqualTo(2);

      proxy.start();
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();
      assertThat(recorder.stats().journalWritten()).isEqualTo(2);
      assertThat(recorder.stats().journalAtRisk()).isZero();
    }
    assertThat(history.run(run.runId).orElseThrow().unjournaledCalls()).isEqualTo(2);
    List<String> journaled = TestDatabase.jdbi().withHandle(h -> h.createQuery("SELECT member_id FROM " + prefix
        + "member_calls WHERE run_id = :r ORDER BY member_id").bind("r", run.runId).mapTo(String.class).list());
    assertThat(journaled).containsExactly("a", "b");
  }
}
