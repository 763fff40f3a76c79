package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.council.api.Result;
import dev.council.api.ResultMetadata;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code jdbi} recorder chosen by configuration checks the database when the engine starts: a wrong
 * password, an unreachable server or missing privileges fail the start within seconds with the cause and
 * the keys to fix (never the password), or, with {@code on-start-failure=warn}, are reported on every
 * run's result while runs stay fast. Against the real PostgreSQL of {@code scripts/postgres.sh}.
 */
@Timeout(120)
class RecorderStartCheckTest {
  private static final String SECRET = "wrong-S3CR3T-never-printed";
  private static String prefix;

  @BeforeAll
  static void choosePrefix() {
    TestDatabase.require();
    prefix = TestDatabase.uniquePrefix("startcheck");
  }

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropTables(prefix);
  }

  private static Map<String, String> config(String url, String password) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("council.recorder", "jdbi");
    m.put("council.jdbc.url", url);
    m.put("council.jdbc.user", TestDatabase.USER);
    m.put("council.jdbc.password", password);
    m.put("council.jdbc.connection-timeout", "1s");
    m.put("council.recorder.jdbi.table-prefix", prefix);
    m.put("council.recorder.jdbi.close-timeout", "500ms");
    return m;
  }

  private static CouncilEngine engine(Map<String, String> config) {
    return CouncilEngine.builder().config(CouncilConfig.of(config)).provider("mock", MockProvider.create("mock"))
        .build();
  }

  /** Runs {@code action} with standard error (where slf4j-simple logs) captured; returns what was logged. */
  private static <T> Captured<T> capturingLogs(Supplier<T> action) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      T value = action.get();
      return new Captured<>(value, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  private record Captured<T>(T value, String logs) {}

  private static Throwable startFailure(Map<String, String> config) {
    return catchThrowable(() -> engine(config).close());
  }

  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }

  @Test
  void aWrongPasswordFailsTheStartWithinSecondsNamingTheKeysButNotThePassword() {
    long start = System.nanoTime();
    Captured<Throwable> failure = capturingLogs(() -> startFailure(config(TestDatabase.URL, SECRET)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(failure.value()).isNotNull();
    assertThat(failure.value().getMessage())
        .contains("council.recorder is 'jdbi' but the recorder cannot work with PostgreSQL at council.jdbc.url="
            + TestDatabase.URL + " as council.jdbc.user=" + TestDatabase.USER)
        .contains("password authentication failed", "check the user name and password",
            "council.jdbc.password", "council.recorder.jdbi.on-start-failure=warn");
    assertThat(messages(failure.value())).doesNotContain(SECRET);
    assertThat(failure.logs()).doesNotContain(SECRET);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void anUnreachableServerFailsTheStartWithinSeconds() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String url = TestDatabase.urlVia("127.0.0.1", closedPort);
    long start = System.nanoTime();
    Throwable failure = startFailure(config(url, SECRET));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains("council.jdbc.url=" + url, "cannot connect",
        "check that PostgreSQL is running and listening at the URL's host and port");
    assertThat(messages(failure)).doesNotContain(SECRET);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aPasswordGivenInTheUrlIsHiddenInTheError() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String base = TestDatabase.urlVia("127.0.0.1", closedPort);
    String url = base + (base.contains("?") ? "&" : "?") + "password=" + SECRET + "&ssl=false";

    Throwable failure = startFailure(config(url, SECRET));

    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains("password=***&ssl=false");
    assertThat(messages(failure)).doesNotContain(SECRET);
  }

  @Test
  void aUserWithoutCreateOnTheSchemaGetsAClearErrorAtStart() {
    String schema = "t_nocreate_" + Long.toHexString(System.nanoTime());
    TestDatabase.jdbi().useHandle(h -> {
      h.execute("CREATE SCHEMA " + schema);
      h.execute("REVOKE CREATE ON SCHEMA " + schema + " FROM " + TestDatabase.USER);
    });
    try {
      String url = TestDatabase.URL + (TestDatabase.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      Throwable failure = startFailure(config(url, TestDatabase.PASSWORD));

      assertThat(failure).isNotNull();
      assertThat(failure.getMessage()).contains("council.jdbc.user=" + TestDatabase.USER, "could not migrate",
          "permission denied", "the user needs the CREATE privilege on the schema");
      assertThat(messages(failure)).doesNotContain("password=" + TestDatabase.PASSWORD);
    } finally {
      TestDatabase.jdbi().useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
    }
  }

  @Test
  void withWarnTheEngineStartsLogsAnErrorAndEveryRunsResultCarriesTheProblemWhileRunsStayFast() {
    Map<String, String> config = config(TestDatabase.URL, SECRET);
    config.put("council.recorder.jdbi.on-start-failure", "warn");

    Captured<List<Result>> runs = capturingLogs(() -> {
      try (CouncilEngine engine = engine(config)) {
        return List.of(run(engine), run(engine));
      }
    });

    for (Result result : runs.value()) {
      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.metadata().get(ResultMetadata.RECORDER_PROBLEM)).asString()
          .contains("cannot store runs", "password authentication failed").doesNotContain(SECRET);
    }
    assertThat(runs.logs()).contains("ERROR", "council.recorder is 'jdbi' but the recorder cannot work",
        "on-start-failure=warn").doesNotContain(SECRET);
  }

  @Test
  void withASharedDataSourceTheEngineStartsByDefaultAndReportsTheProblemUnlessToldToFail() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    javax.sql.DataSource unreachable = TestDatabase.dataSource(TestDatabase.urlVia("127.0.0.1", closedPort));
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("council.recorder", "jdbi");
    keys.put("council.recorder.jdbi.table-prefix", prefix);
    keys.put("council.recorder.jdbi.close-timeout", "500ms");

    try (CouncilEngine engine = CouncilEngine.builder()
        .config(CouncilConfig.of(keys).withShared(javax.sql.DataSource.class, unreachable))
        .provider("mock", MockProvider.create("mock")).build()) {
      assertThat(run(engine).metadata().get(ResultMetadata.RECORDER_PROBLEM)).asString()
          .contains("cannot connect to PostgreSQL", "check that PostgreSQL is running");
    }

    keys.put("council.recorder.jdbi.on-start-failure", "fail");
    Throwable failure = catchThrowable(() -> CouncilEngine.builder()
        .config(CouncilConfig.of(keys).withShared(javax.sql.DataSource.class, unreachable))
        .provider("mock", MockProvider.create("mock")).build().close());
    assertThat(failure).hasMessageContaining("the recorder cannot work with the application's shared DataSource");
  }

  @Test
  void aWorkingRecorderStartsAndLeavesNoProblemOnTheResult() {
    try (CouncilEngine engine = engine(config(TestDatabase.URL, TestDatabase.PASSWORD))) {
      Result result = run(engine);
      assertThat(result.metadata()).doesNotContainKey(ResultMetadata.RECORDER_PROBLEM);
      assertThat(engine.recorder().problem()).isEmpty();
    }
  }

  @Test
  void anUnknownPolicyIsAConfigurationError() {
    Map<String, String> config = config(TestDatabase.URL, TestDatabase.PASSWORD);
    config.put("council.recorder.jdbi.on-start-failure", "ignore");

    assertThat(startFailure(config)).hasMessageContaining(
        "council.recorder.jdbi.on-start-failure is 'ignore' but must be fail (a recorder that cannot work fails"
            + " the engine's start) or warn");
  }

  /** One run of two members and a chair on the mock provider; a run must not wait for the database. */
  private static Result run(CouncilEngine engine) {
    long start = System.nanoTime();
    Result result = engine.run(Councils.council(List.of("a", "b"), List.of("independent_analysis"), true),
        Councils.QUESTION);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("run time").isLessThan(Duration.ofMillis(1500));
    return result;
  }
}
