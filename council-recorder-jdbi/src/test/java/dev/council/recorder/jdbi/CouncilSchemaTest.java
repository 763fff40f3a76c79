package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.CouncilException;
import dev.council.api.RunStatus;
import dev.council.api.config.ConfigException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CouncilSchemaTest {
  private static final List<String> PREFIXES = new ArrayList<>();
  private static Jdbi jdbi;

  @BeforeAll
  static void connect() {
    jdbi = TestDatabase.jdbi();
  }

  @AfterAll
  static void dropSchemas() {
    PREFIXES.forEach(TestDatabase::dropTables);
  }

  private static String freshPrefix() {
    String prefix = TestDatabase.uniquePrefix("schema");
    PREFIXES.add(prefix);
    return prefix;
  }

  private static List<String> tables(String prefix) {
    return jdbi.withHandle(h -> h.createQuery("SELECT table_name FROM information_schema.tables"
            + " WHERE table_schema = current_schema() AND table_name LIKE :p ORDER BY table_name")
        .bind("p", prefix + "%").mapTo(String.class).list());
  }

  @Test
  void migrationCreatesTheTablesOnceAndRecordsTheVersion() {
    String prefix = freshPrefix();

    assertThat(CouncilSchema.migrate(jdbi, prefix)).containsExactly(1, 2, 3, 4);
    assertThat(CouncilSchema.migrate(jdbi, prefix)).isEmpty();

    assertThat(tables(prefix)).containsExactly(prefix + "member_calls", prefix + "reliability",
        prefix + "run_events", prefix + "runs", prefix + "schema_version");
    List<Integer> versions = jdbi.withHandle(h -> h.createQuery("SELECT version FROM " + prefix + "schema_version")
        .mapTo(Integer.class).list());
    assertThat(versions).containsExactly(1, 2, 3, CouncilSchema.VERSION);
  }

  /** The first migration as shipped in the jar, rendered with {@code prefix}. */
  private static String versionOne(String prefix) {
    try (var in = CouncilSchema.class.getResourceAsStream("/db/council/V1__init.sql")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("${prefix}", prefix);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aVersionOneSchemaIsUpgradedWithItsRowsKept() throws SQLException {
    String prefix = freshPrefix();
    jdbi.useHandle(h -> {
      try (var statement = h.getConnection().createStatement()) {
        statement.execute(versionOne(prefix));
        statement.execute("CREATE TABLE " + prefix + "schema_version (version integer NOT NULL, description text"
            + " NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (version))");
        statement.execute("INSERT INTO " + prefix + "schema_version (version, description) VALUES (1, 'init')");
        statement.execute("INSERT INTO " + prefix + "runs (run_id, council_id, council, input, status, owner_node,"
            + " started_at) VALUES ('old-run', 'c', '{}', '{}', 'RUNNING', 'n', now())");
      }
    });

    assertThat(CouncilSchema.migrate(jdbi, prefix)).containsExactly(2, 3, 4);

    Map<String, Object> row = jdbi.withHandle(h -> h.createQuery("SELECT unjournaled_calls, lease_owner FROM "
        + prefix + "runs WHERE run_id = 'old-run'").mapToMap().one());
    assertThat(row).containsEntry("unjournaled_calls", 0L).containsEntry("lease_owner", null);
  }

  @Test
  void concurrentMigrationsApplyEachVersionOnce() throws Exception {
    String prefix = freshPrefix();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Integer>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      Callable<List<Integer>> migrate = () -> {
        go.await();
        return CouncilSchema.migrate(jdbi, prefix);
      };
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit(migrate));
      }
      go.countDown();
      List<List<Integer>> applied = new ArrayList<>();
      for (Future<List<Integer>> f : results) {
        applied.add(f.get());
      }

      assertThat(applied).containsExactlyInAnyOrder(List.of(1, 2, 3, 4), List.of(), List.of(), List.of());
    }
  }

  @Test
  void sqlForAnApplicationsOwnMigrationToolCreatesAWorkingSchema() throws SQLException {
    String prefix = freshPrefix();
    jdbi.useHandle(h -> {
      try (var statement = h.getConnection().createStatement()) {
        statement.execute(CouncilSchema.sql(prefix));
        statement.execute(CouncilSchema.sql(prefix));
      }
    });
    SyntheticRun run = new SyntheticRun("run-own-tool", Instant.parse("2026-06-01T00:00:00Z"));

    try (JdbiRecorder recorder = JdbiRecorder.builder().jdbi(jdbi).tablePrefix(prefix).migrate(false).build()) {
      recorder.prepareSchema();
      run.play(recorder.open(run.info()), RunStatus.COMPLETED);
      assertThat(recorder.awaitFlushed(Duration.ofSeconds(30))).isTrue();
      assertThat(recorder.stats().written()).isEqualTo(12);
    }

    assertThat(RunHistory.create(jdbi, prefix).run("run-own-tool")).map(StoredRun::status)
        .contains(StoredRunStatus.COMPLETED);
    assertThat(tables(prefix)).doesNotContain(prefix + "schema_version");
  }

  @Test
  void sqlIsRenderedWithThePrefixOnly() {
    String sql = CouncilSchema.sql("acme_");

    assertThat(sql).contains("CREATE TABLE IF NOT EXISTS acme_runs (", "CREATE TABLE IF NOT EXISTS acme_run_events (",
        "CREATE TABLE IF NOT EXISTS acme_member_calls (", "REFERENCES acme_runs (run_id) ON DELETE CASCADE")
        .doesNotContain("${", "council_runs");
  }

  @Test
  void recorderThatDoesNotMigrateNamesTheMissingTablesAndHowToCreateThem() {
    String prefix = freshPrefix();
    try (JdbiRecorder recorder = JdbiRecorder.builder().jdbi(jdbi).tablePrefix(prefix).migrate(false).build()) {
      assertThatThrownBy(recorder::prepareSchema)
          .isInstanceOf(CouncilException.class)
          .hasMessage("council tables [" + prefix + "runs, " + prefix + "run_events, " + prefix + "member_calls]"
              + " do not exist and migrate is off: apply db/council/V*.sql in order with placeholder prefix=" + prefix
              + " using your migration tool (see docs/persistence.md), or turn migrate on"
              + " (council.recorder.jdbi.migrate=true)");
    }
    assertThat(tables(prefix)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Council_", "1council_", "council-", "council_; DROP TABLE x; --", "", "a b",
      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnop"})
  void invalidPrefixesAreRejectedWithTheRule(String prefix) {
    String message = "table prefix '" + prefix + "' is not a valid SQL identifier: it must match"
        + " [a-z_][a-z0-9_]{0,40} (lower-case letters, digits and underscores, starting with a letter or"
        + " underscore, at most 41 characters), e.g. council_";

    assertThatThrownBy(() -> JdbiRecorder.builder().jdbi(jdbi).tablePrefix(prefix).build())
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(message));
    assertThatThrownBy(() -> CouncilSchema.sql(prefix)).hasMessageContaining(message);
    assertThatThrownBy(() -> RunHistory.create(jdbi, prefix)).hasMessageContaining(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"council_", "_", "x", "app1_council_", "abcdefghijklmnopqrstuvwxyzabcdefghijklmno"})
  void identifierPrefixesAreAccepted(String prefix) {
    assertThat(CouncilSchema.sql(prefix)).contains("CREATE TABLE IF NOT EXISTS " + prefix + "runs (");
  }
}
