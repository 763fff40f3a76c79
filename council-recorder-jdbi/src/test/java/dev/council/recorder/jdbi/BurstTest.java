package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.provider.MockProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 2,000 runs started at once (five members, an instant provider) on a healthy PostgreSQL, with the pools
 * the configuration builds by default (four connections for events and reads, one for the journal):
 * nothing is dropped, every call is journaled, and every run's events are stored without gaps.
 */
class BurstTest {
  static final int RUNS = 2_000;
  static final Council FIVE = Councils.council(List.of("a", "b", "c", "d", "e"), List.of("independent_analysis"),
      false);

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("burst");

  static HikariDataSource pool(String name, int size) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName(name);
    pool.setJdbcUrl(TestDatabase.URL);
    pool.setUsername(TestDatabase.USER);
    pool.setPassword(TestDatabase.PASSWORD);
    pool.setMaximumPoolSize(size);
    pool.setMinimumIdle(1);
    return pool;
  }

  @Test
  @Timeout(120)
  void twoThousandConcurrentRunsLoseNothingAndLeaveNoGaps() throws Exception {
    JdbiRecorder recorder = JdbiRecorder.builder().dataSource(pool("burst", 4))
        .journalDataSource(pool("burst-journal", 1)).closeDataSource(true).tablePrefix(TABLES.prefix())
        .closeTimeout(Duration.ofSeconds(60)).build();
    recorder.prepareSchema();
    List<RunHandle> handles = new ArrayList<>(RUNS);
    try (CouncilEngine engine = CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.node-id", "burst-node", "council.reap-max", "100000")))
        .recorder(recorder).provider("mock", MockProvider.create("mock")).build()) {
      for (int i = 0; i < RUNS; i++) {
        handles.add(engine.start(FIVE, Councils.QUESTION));
      }
      for (RunHandle h : handles) {
        Result r = h.await(Duration.ofSeconds(60));
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      }
      Await.until("every run's outcome is stored", () -> recorder.stats().written() + recorder.stats().dropped()
          >= RUNS * 16L);
      assertThat(recorder.awaitFlushed(Duration.ofSeconds(60))).isTrue();
    }
    RecorderStats stats = recorder.stats();
      assertThat(stats.dropped()).as("events dropped").isZero();
      assertThat(stats.conflicted()).isZero();
      assertThat(stats.written()).as("per run: its row, 14 events, its outcome").isEqualTo(RUNS * 16L);
      assertThat(stats.journalWritten()).isEqualTo(RUNS * 5L);
      assertThat(stats.journalFailures()).as("failed journal writes").isZero();
      assertThat(stats.journalLost()).isZero();
      assertThat(stats.journalAtRisk()).isZero();
    String p = TABLES.prefix();
    Map<String, Object> totals = TABLES.jdbi().withHandle(h -> h.createQuery("SELECT"
        + " (SELECT count(*) FROM " + p + "runs WHERE status = 'COMPLETED') AS completed,"
        + " (SELECT count(*) FROM " + p + "run_events) AS events,"
        + " (SELECT count(*) FROM " + p + "member_calls) AS calls,"
        + " (SELECT coalesce(sum(dropped_events), 0) FROM " + p + "runs) AS dropped,"
        + " (SELECT count(*) FROM " + p + "runs r WHERE r.last_seq <> 13 OR (SELECT count(*) FROM " + p
        + "run_events e WHERE e.run_id = r.run_id AND e.seq BETWEEN 0 AND r.last_seq) <> r.last_seq + 1) AS gaps")
        .mapToMap().one());
    assertThat(totals).containsEntry("completed", (long) RUNS).containsEntry("events", RUNS * 14L)
        .containsEntry("calls", RUNS * 5L).containsEntry("dropped", java.math.BigDecimal.ZERO)
        .containsEntry("gaps", 0L);
  }
}
