package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code council.recorder=jdbi} without {@code council.jdbc.url}: the recorder writes to the real
 * PostgreSQL through the application's own {@code DataSource} (scripts/postgres.sh sets it up).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
        "council.providers.sim.type=simulated",
        "council.recorder=jdbi",
        "council.recorder.jdbi.table-prefix=spring_boot_test_"})
class JdbiRecorderDataSourceTest {
  @Autowired CouncilEngine engine;
  @Autowired CouncilDefinitions councils;
  @Autowired DataSource dataSource;

  @Test
  void runsAreRecordedInPostgresqlThroughTheApplicationsDataSource() throws Exception {
    Result r = engine.run(councils.get("panel"), Map.of("question", "Recorded?"));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);

    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    List<String> status = List.of();
    while (Instant.now().isBefore(deadline)) {
      try {
        status = jdbc.queryForList("SELECT status FROM spring_boot_test_runs WHERE run_id = ?", String.class,
            r.runId());
      } catch (org.springframework.jdbc.BadSqlGrammarException schemaNotCreatedYet) {
        // the recorder creates its tables with its first write
      }
      if (status.equals(List.of("COMPLETED"))) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(status).containsExactly("COMPLETED");
    Integer events = jdbc.queryForObject("SELECT count(*) FROM spring_boot_test_run_events WHERE run_id = ?",
        Integer.class, r.runId());
    assertThat(events).isPositive();

    assertThat(dataSource).isInstanceOf(HikariDataSource.class);
    assertThat(((HikariDataSource) dataSource).getJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/council");
    assertThat(engine.config().get("council.jdbc.url")).as("no connection of the recorder's own").isEmpty();
  }
}
