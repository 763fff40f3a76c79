package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.CouncilException;
import dev.council.api.RunStatus;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RecorderFactory;
import dev.council.recorder.jdbi.internal.JdbiRecorderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbiRecorderFactoryTest {
  private static final String SECRET = "pw-S3CR3T-do-not-print";

  private static String prefix;

  @BeforeAll
  static void choosePrefix() {
    TestDatabase.require();
    prefix = TestDatabase.uniquePrefix("factory");
  }

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropTables(prefix);
  }

  private static Map<String, String> validConfig() {
    Map<String, String> m = new HashMap<>();
    m.put("council.recorder", "jdbi");
    m.put("council.jdbc.url", TestDatabase.URL);
    m.put("council.jdbc.user", TestDatabase.USER);
    m.put("council.jdbc.password", TestDatabase.PASSWORD);
    m.put("council.recorder.jdbi.table-prefix", prefix);
    return m;
  }

  @Test
  void isDiscoveredUnderTheNameJdbi() {
    List<RecorderFactory> factories = ServiceLoader.load(RecorderFactory.class).stream()
        .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("jdbi")).toList();

    assertThat(factories).singleElement().isInstanceOf(JdbiRecorderFactory.class);
  }

  @Test
  void aSharedDataSourceIsUsedInsteadOfAPoolOfItsOwnAndIsNotClosed() throws Exception {
    Map<String, String> config = new HashMap<>();
    config.put("council.recorder", "jdbi");
    config.put("council.recorder.jdbi.table-prefix", prefix);
    config.put("council.recorder.jdbi.flush-interval", "0ms");
    java.util.concurrent.atomic.AtomicInteger borrowed = new java.util.concurrent.atomic.AtomicInteger();
    javax.sql.DataSource real = TestDatabase.dataSource(TestDatabase.URL);
    javax.sql.DataSource app = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            borrowed.incrementAndGet();
          }
          try {
            return method.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    SyntheticRun run = new SyntheticRun("run-shared-ds", Instant.parse("2026-07-01T00:00:00Z"));

    CouncilConfig shared = CouncilConfig.of(config).withShared(javax.sql.DataSource.class, app);
    try (JdbiRecorder recorder = (JdbiRecorder) new JdbiRecorderFactory().create(shared)) {
      run.play(recorder.open(run.info()), RunStatus.COMPLETED);
      assertThat(recorder.awaitFlushed(Duration.ofSeconds(30))).isTrue();
    }

    assertThat(borrowed.get()).as("connections came from the shared data source, without council.jdbc.url")
        .isPositive();
    assertThat(RunHistory.create(TestDatabase.jdbi(), prefix).run("run-shared-ds")).map(StoredRun::status)
        .contains(StoredRunStatus.COMPLETED);
    try (java.sql.Connection c = app.getConnection()) {
      assertThat(c.isValid(2)).as("the recorder did not close the application's data source").isTrue();
    }
  }

  @Test
  void createsAWorkingRecorderFromConfiguration() {
    Map<String, String> config = validConfig();
    config.put("council.jdbc.pool-size", "2");
    config.put("council.recorder.jdbi.events", "include:run_started,run_completed");
    config.put("council.recorder.jdbi.flush-interval", "0ms");
    SyntheticRun run = new SyntheticRun("run-factory", Instant.parse("2026-07-01T00:00:00Z"));

    try (JdbiRecorder recorder = (JdbiRecorder) new JdbiRecorderFactory().create(CouncilConfig.of(config))) {
      run.play(recorder.open(run.info()), RunStatus.COMPLETED);
      assertThat(recorder.awaitFlushed(Duration.ofSeconds(30))).isTrue();
      assertThat(recorder.toString()).contains("tablePrefix=" + prefix, "events=include:run_completed,run_started");
    }

    RunHistory history = RunHistory.create(TestDatabase.jdbi(), prefix);
    assertThat(history.events("run-factory", 0, 100)).extracting(StoredEvent::type)
        .containsExactly("run_started", "run_completed");
    assertThat(history.run("run-factory")).map(StoredRun::status).contains(StoredRunStatus.COMPLETED);
  }

  @Test
  void reportsEveryConfigurationProblemAtOnce() {
    Map<String, String> config = new HashMap<>();
    config.put("council.jdbc.password", SECRET);
    config.put("council.recorder.jdbi.table-prefix", "Bad-Prefix");
    config.put("council.jdbc.pool-size", "0");
    config.put("council.recorder.jdbi.events", "exclude:nope");
    config.put("council.recorder.jdbi.migrate", "maybe");
    config.put("council.recorder.jdbi.flush-interval", "soon");
    config.put("council.recorder.jdbi.writers", "0");

    assertThatThrownBy(() -> new JdbiRecorderFactory().create(CouncilConfig.of(config)))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).startsWith(
            "council.recorder is 'jdbi' but council.jdbc.url is not set: set it to the PostgreSQL JDBC URL, e.g."
                + " jdbc:postgresql://127.0.0.1:5432/council (system property -Dcouncil.jdbc.url=..., environment"
                + " variable COUNCIL_JDBC_URL, or council.properties)",
            "council.recorder.jdbi.table-prefix: table prefix 'Bad-Prefix' is not a valid SQL identifier: it must"
                + " match [a-z_][a-z0-9_]{0,40} (lower-case letters, digits and underscores, starting with a"
                + " letter or underscore, at most 41 characters), e.g. council_",
            "council.recorder.jdbi.events: unknown event type(s) [nope] in event filter; known types:"
                + " [member_completed, member_started, member_token, round_completed, round_started,"
                + " run_completed, run_failed, run_started, tool_call_completed, tool_call_requested]",
            "council.jdbc.pool-size is 0 but must be at least 1"))
        .satisfies(e -> {
          List<String> problems = ((ConfigException) e).problems();
          assertThat(problems).hasSize(7);
          assertThat(problems.get(4)).startsWith("council.recorder.jdbi.migrate is 'maybe' but must be true or false");
          assertThat(problems.get(5)).isEqualTo("council.recorder.jdbi.writers is 0 but must be at least 1");
          assertThat(problems.get(6)).startsWith("council.recorder.jdbi.flush-interval is 'soon' but must be a duration");
        })
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void rejectsAUrlThatIsNotPostgres() {
    Map<String, String> config = validConfig();
    config.put("council.jdbc.url", "jdbc:mysql://127.0.0.1/council");

    assertThatThrownBy(() -> new JdbiRecorderFactory().create(CouncilConfig.of(config)))
        .hasMessageContaining("council.jdbc.url is 'jdbc:mysql://127.0.0.1/council' but must be a PostgreSQL JDBC"
            + " URL starting with jdbc:postgresql:");
  }

  @Test
  void passwordNeverAppearsInToStringExceptionsOrLogs() {
    Map<String, String> config = validConfig();
    config.put("council.jdbc.password", SECRET);
    config.put("council.jdbc.connection-timeout", "1s");
    config.put("council.recorder.jdbi.on-start-failure", "warn");
    config.put("council.recorder.jdbi.close-timeout", "200ms");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    List<CouncilException> journalFailures = new ArrayList<>();
    String recorderText;
    try {
      Recorder recorder = new JdbiRecorderFactory().create(CouncilConfig.of(config));
      recorderText = recorder.toString();
      SyntheticRun run = new SyntheticRun("run-secret", Instant.parse("2026-07-01T00:00:00Z"));
      run.play(recorder.open(run.info()), RunStatus.COMPLETED);
      // A pool timeout can beat the first login attempt; wait for the server's own refusal.
      Await.until("the writer logged the refused login",
          () -> captured.toString(StandardCharsets.UTF_8).contains("password authentication failed"));
      recorder.journal().record(new CallKey("run-secret", 0, 0, "a"), "h", SyntheticRun.memberResult("a", "x"));
      Await.until("the journal writer logged the refused login",
          () -> captured.toString(StandardCharsets.UTF_8).contains("member_calls) cannot write to PostgreSQL"));
      Await.until("the journal lookup reported the refused login", () -> {
        CouncilException e = org.junit.jupiter.api.Assertions.assertThrows(CouncilException.class,
            () -> recorder.journal().find(new CallKey("run-secret", 0, 0, "a")));
        journalFailures.add(e);
        return e.getMessage().contains("password authentication failed");
      });
      recorder.close();
    } finally {
      System.setErr(originalErr);
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).doesNotContain(SECRET);
    assertThat(recorderText).doesNotContain(SECRET);
    for (CouncilException failure : journalFailures) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
        assertThat(t.toString()).doesNotContain(SECRET);
      }
    }
    assertThat(CouncilConfig.of(config).toString()).doesNotContain(SECRET);
  }
}
