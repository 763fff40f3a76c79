package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL "stopped" for several seconds while 20 engine runs go on: the recorder's connections (events
 * and journal, each with its own pool) go through a {@link TcpProxy} that the test stops, which cuts
 * every connection and refuses new ones. The runs finish in the time their provider calls take, while
 * the database is still unreachable, and once it is back everything they recorded is stored.
 */
@Timeout(120)
class OutageDuringRunsTest {
  private static final int RUNS = 20;
  /** Every provider call takes this long; a run's critical path is three calls (two rounds and the chair). */
  private static final Duration LATENCY = Duration.ofMillis(300);
  private static final int CALLS_PER_RUN = 7;
  private static final Duration OUTAGE = Duration.ofSeconds(6);
  /** Pool connection timeout: how long the first write attempt of an outage takes to fail. */
  private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(500);
  /** Much longer than a run: a run that waited for a journal commit during the outage would show it. */
  private static final Duration COMMIT_WAIT = Duration.ofSeconds(5);
  private static final Council COUNCIL = Councils.council(List.of("a", "b", "c"),
      List.of("independent_analysis", "debate"), true);

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("outage_runs");

  private TcpProxy proxy;
  private final List<HikariDataSource> pools = new ArrayList<>();

  @BeforeEach
  void startProxy() {
    proxy = TcpProxy.to(TestDatabase.host(), TestDatabase.port());
  }

  @AfterEach
  void stopProxy() {
    pools.forEach(HikariDataSource::close);
    proxy.close();
  }

  private HikariDataSource pool(String name, int size) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName(name);
    pool.setJdbcUrl(TestDatabase.urlVia("127.0.0.1", proxy.port()));
    pool.setUsername(TestDatabase.USER);
    pool.setPassword(TestDatabase.PASSWORD);
    pool.setMaximumPoolSize(size);
    pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    pool.setInitializationFailTimeout(-1);
    pools.add(pool);
    return pool;
  }

  @Test
  void runsDuringAnOutageFinishWithoutWaitingForTheDatabaseAndEverythingIsStoredWhenItReturns() throws Exception {
    MockProvider slow = MockProvider.create("mock").fallback(MockScript.respond((ChatRequest request) -> {
      try {
        Thread.sleep(LATENCY);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ChatResponse.of(request.context().memberId() + " answers", Usage.of(10, 4));
    }));
    JdbiRecorder recorder = JdbiRecorder.builder().dataSource(pool("outage-events", 2))
        .journalDataSource(pool("outage-journal", 1)).tablePrefix(TABLES.prefix())
        .journalCommitWait(COMMIT_WAIT).retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .closeTimeout(Duration.ofSeconds(30)).build();
    recorder.prepareSchema();
    List<String> runIds = new ArrayList<>();
    try (CouncilEngine engine = CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.node-id", "outage-node")))
        .recorder(recorder).provider("mock", slow).build()) {
      // One run before the outage shows the pools connected and what a run costs here.
      long before = System.nanoTime();
      engine.run(COUNCIL, Councils.QUESTION);
      Duration healthyRun = Duration.ofNanos(System.nanoTime() - before);
      assertThat(recorder.awaitFlushed(Duration.ofSeconds(30))).isTrue();

      proxy.stop();
      long outageStart = System.nanoTime();
      List<RunHandle> handles = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        handles.add(engine.start(COUNCIL, Councils.QUESTION));
      }
      List<Duration> durations = new ArrayList<>();
      for (RunHandle h : handles) {
        Result r = h.await(OUTAGE);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        durations.add(Duration.ofNanos(System.nanoTime() - outageStart));
        runIds.add(h.runId());
      }
      Duration allDone = Duration.ofNanos(System.nanoTime() - outageStart);
      RecorderStats during = recorder.stats();

      assertThat(allDone).as("every run finished while PostgreSQL was still unreachable").isLessThan(OUTAGE);
      // The critical path is 3 provider calls; the only database wait a run may see is the first journal
      // attempt of the outage failing (one pool connection timeout), never the 5 s commit wait.
      Duration bound = LATENCY.multipliedBy(3).plus(CONNECTION_TIMEOUT).plus(Duration.ofMillis(1500));
      assertThat(durations).as("each run's time from the outage's start (a healthy run took %s)", healthyRun)
          .allSatisfy(d -> assertThat(d).isLessThan(bound));
      assertThat(during.journalWritten()).as("nothing reached PostgreSQL during the outage")
          .isEqualTo(CALLS_PER_RUN);
      assertThat(during.journalAtRisk()).as("every call of the outage waits, kept, for its journal commit")
          .isEqualTo((long) RUNS * CALLS_PER_RUN);
      assertThat(during.dropped()).isZero();
      assertThat(during.journalLost()).isZero();
      assertThat(during.failures()).isPositive();

      long left = OUTAGE.toNanos() - (System.nanoTime() - outageStart);
      if (left > 0) {
        Thread.sleep(Duration.ofNanos(left));
      }
      proxy.start();
      assertThat(recorder.awaitFlushed(Duration.ofSeconds(60))).isTrue();
    }

    RecorderStats stats = recorder.stats();
    assertThat(stats.dropped()).isZero();
    assertThat(stats.conflicted()).isZero();
    assertThat(stats.pending()).isZero();
    assertThat(stats.journalLost()).isZero();
    assertThat(stats.journalAtRisk()).isZero();
    assertThat(stats.journalPending()).isZero();
    assertThat(stats.journalWritten()).isEqualTo((RUNS + 1L) * CALLS_PER_RUN);
    assertThat(stats.written()).as("per run its row, its events, its outcome").isEqualTo(
        (RUNS + 1L) * (2 + TABLES.history().events(runIds.get(0), 0, 1000).size()));
    for (String runId : runIds) {
      StoredRun run = TABLES.history().run(runId).orElseThrow();
      assertThat(run.status()).isEqualTo(StoredRunStatus.COMPLETED);
      assertThat(run.droppedEvents()).isZero();
      assertThat(run.unjournaledCalls()).isZero();
      List<StoredEvent> events = TABLES.history().events(runId, 0, 1000);
      assertThat(events).extracting(StoredEvent::seq).as("run %s: one contiguous sequence", runId)
          .containsExactlyElementsOf(LongStream.rangeClosed(0, run.lastSeq()).boxed().toList());
      assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
      long completions = events.stream().filter(e -> e.type().equals("member_completed")).count();
      assertThat(completions).isEqualTo(CALLS_PER_RUN);
      assertThat(journalRows(runId)).as("run %s: one journal row per finished call", runId).isEqualTo(completions);
    }
  }

  private static long journalRows(String runId) {
    return TABLES.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM " + TABLES.prefix() + "member_calls WHERE run_id = :runId")
        .bind("runId", runId).mapTo(Long.class).one());
  }
}
