package dev.council.jobs.quartz;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.recorder.jdbi.CouncilSchema;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.RunHistory;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's own council tables and Quartz tables in the {@link TestDatabase}, under unique
 * prefixes: created before the class's tests, dropped after them. Register as a static
 * {@code @RegisterExtension} field.
 */
final class Tables implements BeforeAllCallback, AfterAllCallback {
  private final String name;
  private @Nullable HikariDataSource pool;
  private @Nullable String councilPrefix;
  private @Nullable String quartzPrefix;

  Tables(String name) {
    this.name = name;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    pool = TestDatabase.pool("tables-" + name);
    councilPrefix = TestDatabase.uniquePrefix(name);
    quartzPrefix = TestDatabase.uniquePrefix(name + "_qrtz");
    CouncilSchema.migrate(jdbi(), councilPrefix);
    QuartzTables.create(pool, quartzPrefix);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (pool == null) {
      return;
    }
    try {
      jdbi().useHandle(h -> {
        if (councilPrefix != null) {
          for (String table : List.of("run_events", "runs", "member_calls", "schema_version")) {
            h.execute("DROP TABLE IF EXISTS " + councilPrefix + table + " CASCADE");
          }
        }
        if (quartzPrefix != null) {
          for (String table : List.of("fired_triggers", "paused_trigger_grps", "scheduler_state", "locks",
              "simple_triggers", "cron_triggers", "simprop_triggers", "blob_triggers", "triggers", "job_details",
              "calendars")) {
            h.execute("DROP TABLE IF EXISTS " + quartzPrefix + table + " CASCADE");
          }
        }
      });
    } finally {
      pool.close();
    }
  }

  HikariDataSource pool() {
    return Objects.requireNonNull(pool, "the tables are set up only while the class's tests run");
  }

  Jdbi jdbi() {
    return Jdbi.create(pool());
  }

  String councilPrefix() {
    return Objects.requireNonNull(councilPrefix, "the tables are set up only while the class's tests run");
  }

  String quartzPrefix() {
    return Objects.requireNonNull(quartzPrefix, "the tables are set up only while the class's tests run");
  }

  RunHistory history() {
    return RunHistory.create(pool(), councilPrefix());
  }

  /** A recorder over the council tables that does not close the shared pool. */
  JdbiRecorder.Builder recorder() {
    return JdbiRecorder.builder().dataSource(pool()).tablePrefix(councilPrefix());
  }
}
