package dev.council.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.StoredEvent;
import dev.council.recorder.jdbi.StoredRunStatus;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL snippets of docs/persistence.md and docs/jobs.md against the local server the test
 * command starts ({@code scripts/postgres.sh}; {@code COUNCIL_TEST_JDBC_URL}, {@code _USER}, {@code
 * _PASSWORD} point elsewhere). Fails, never skips, when the server is not reachable.
 */
class PersistenceSnippetsTest {
  private static final String URL = env("COUNCIL_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/council");

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static DataSource database() throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(URL);
    ds.setUser(env("COUNCIL_TEST_JDBC_USER", "council"));
    ds.setPassword(env("COUNCIL_TEST_JDBC_PASSWORD", "council"));
    ds.setConnectTimeout(5);
    try (Connection c = ds.getConnection()) {
      assertThat(c.isValid(5)).isTrue();
    } catch (java.sql.SQLException e) {
      throw new AssertionError("PostgreSQL is not reachable at " + URL + ": " + e.getMessage()
          + ". Run scripts/postgres.sh (as root), or set COUNCIL_TEST_JDBC_URL / _USER / _PASSWORD.", e);
    }
    return ds;
  }

  @Test
  void theRecorderOfThePersistenceGuideStoresARunThatTheQueriesReadBack() throws Exception {
    DataSource ds = database();
    String runId = "docs-" + UUID.randomUUID();
    Council council = Council.builder("advisor")
        .member(Member.builder("a").role("Analyst").provider("simulated").model("simulated-1").build())
        .round("independent_analysis")
        .build();
    try (JdbiRecorder recorder = JdbiRecorderSetup.recorder(ds);
         CouncilEngine engine = CouncilEngine.builder().recorder(recorder).build()) {
      assertThat(engine.run(council, Map.of("question", "q"), RunOptions.builder().runId(runId).build()).status())
          .isEqualTo(RunStatus.COMPLETED);
      assertThat(recorder.awaitFlushed(Duration.ofSeconds(10))).isTrue();

      RunHistoryQueries.queries(recorder, Instant.now().minus(Duration.ofHours(1)), runId);

      assertThat(recorder.history().run(runId).orElseThrow().status()).isEqualTo(StoredRunStatus.COMPLETED);
      List<StoredEvent> events = recorder.history().events(runId, 0, 500);
      assertThat(events).isNotEmpty();
      assertThat(events.getFirst().type()).isEqualTo("run_started");
      assertThat(recorder.history().markRunStuck(runId)).as("a completed run is not marked stuck").isFalse();
    }
  }

  @Test
  void quartzTablesAreCreatedOnlyWhenMissing() throws Exception {
    DataSource ds = database();
    List<String> ddl = QuartzJobs.tables(ds);
    assertThat(QuartzJobs.tables(ds)).as("the second call changes nothing").isEqualTo(ddl);
    assertThat(ddl).isNotEmpty().allSatisfy(statement -> assertThat(statement).containsIgnoringCase("qrtz_"));
  }
}
