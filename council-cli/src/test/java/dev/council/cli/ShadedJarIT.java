package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded jar as shipped ({@code target/council-cli.jar}, built by {@code package}; its path comes from
 * the system property {@value #JAR_PROPERTY} the failsafe plugin sets), run with {@code java -jar} in a
 * process of its own with an environment holding no {@code COUNCIL_*} or {@code OTEL_*} variable but those
 * a test gives. What it carries is what the class path of the in-process tests has only by Maven's doing:
 * the first-party plugins, the PostgreSQL driver, the OpenTelemetry exporter and its HTTP sender (found
 * through merged service files) and the web page's files.
 *
 * <p>The recording test needs the PostgreSQL of {@code scripts/postgres.sh} (or {@code COUNCIL_TEST_JDBC_URL},
 * {@code COUNCIL_TEST_JDBC_USER}, {@code COUNCIL_TEST_JDBC_PASSWORD}); it fails, never skips, without one, and
 * writes only to tables of a prefix of its own, dropped afterwards.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ShadedJarIT {
  static final String JAR_PROPERTY = "council.cli.jar";

  private static final String DB_URL = env("COUNCIL_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/council");
  private static final String DB_USER = env("COUNCIL_TEST_JDBC_USER", "council");
  private static final String DB_PASSWORD = env("COUNCIL_TEST_JDBC_PASSWORD", "council");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)/");
  /** Same-origin files the page loads: {@code href="/..."} and {@code src="/..."} attributes. */
  private static final Pattern PAGE_ASSET = Pattern.compile("(?:href|src)=\"(/[^\"#?]+)\"");

  private static Path jar;
  private static String prefix;

  @BeforeAll
  static void findJar() {
    String path = System.getProperty(JAR_PROPERTY);
    assertThat(path).as("system property %s (set by the failsafe plugin in council-cli/pom.xml)", JAR_PROPERTY)
        .isNotBlank();
    jar = Path.of(path);
    assertThat(jar).as("the shaded jar; run 'mvn verify', which builds it in package").isRegularFile();
  }

  @AfterAll
  static void dropTables() throws SQLException {
    if (prefix == null) {
      return;
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String table : List.of("run_events", "runs", "member_calls", "reliability", "schema_version")) {
        s.execute("DROP TABLE IF EXISTS " + prefix + table + " CASCADE");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void listsTheFirstPartyPluginsItCarriesFromTheJarItself() {
    Outcome r = run(Map.of(), "plugins", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    Map<String, Object> listing = Cli.json(r.out());
    Map<String, List<Map<String, Object>>> plugins = (Map<String, List<Map<String, Object>>>) listing.get("plugins");
    assertThat(names(plugins, "providers"))
        .containsExactly("anthropic", "gemini", "mock", "ollama", "openai", "openrouter", "simulated");
    assertThat(names(plugins, "recorders")).containsExactly("hazelcast", "jdbi", "memory", "none");
    assertThat(names(plugins, "pubsubs")).containsExactly("hazelcast", "local");
    assertThat(names(plugins, "registries")).containsExactly("hazelcast", "local");
    assertThat(names(plugins, "tracers")).containsExactly("logging");
    assertThat(names(plugins, "round types")).contains("independent_analysis", "anonymized_peer_review", "synthesis");
    assertThat(plugins.values()).allSatisfy(kind -> assertThat(kind).allSatisfy(p -> {
      assertThat(p).containsEntry("source", "class path: " + jar.getFileName()).containsEntry("duplicate", false);
    }));
    assertThat((List<?>) listing.get("problems")).isEmpty();
  }

  @Test
  void recordsARunToPostgresqlThroughTheJdbiRecorderWithoutShowingThePassword() throws SQLException {
    connect().close();
    prefix = uniquePrefix();
    String runId = "shaded-" + UUID.randomUUID();
    Map<String, String> env = jdbi(DB_PASSWORD, prefix);

    Outcome r = run(env, "run", Cli.example("advisor.json"), "--question", "Should we adopt a four-day week?",
        "--run-id", runId, "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Cli.json(r.out())).containsEntry("runId", runId).containsEntry("status", "COMPLETED");
    assertThat(r.out() + r.err()).doesNotContainIgnoringCase("password");
    try (Connection c = connect()) {
      assertThat(rows(c, "SELECT run_id, council_id, status, last_seq FROM " + prefix + "runs"))
          .containsExactly(List.of(runId, "advisor", "COMPLETED", 21L));
      List<List<Object>> events = rows(c, "SELECT seq, type FROM " + prefix + "run_events WHERE run_id = '"
          + runId + "' ORDER BY seq");
      assertThat(events).extracting(e -> (Long) e.get(0))
          .containsExactlyElementsOf(LongStream.rangeClosed(0, 21).boxed().toList());
      assertThat(events.get(0).get(1)).isEqualTo("run_started");
      assertThat(events.get(events.size() - 1).get(1)).isEqualTo("run_completed");
      // 3 members in two rounds and the chair in the third: 7 calls
      assertThat(countByType(events)).containsExactly(entry("run_started", 1L), entry("round_started", 3L),
          entry("member_started", 7L), entry("member_completed", 7L), entry("round_completed", 3L),
          entry("run_completed", 1L));
    }
  }

  @Test
  void refusesAWrongDatabasePasswordNamingUrlAndUserButNotThePassword() {
    String wrong = "wrong-" + HexFormat.of().formatHex(randomBytes(8));

    Outcome r = run(jdbi(wrong, uniquePrefix()), "run", Cli.example("advisor.json"), "--question", "Tabs or spaces?");

    assertThat(r.code()).as(r.toString()).isEqualTo(CouncilCli.USAGE);
    assertThat(r.err()).contains("council.jdbc.url=" + DB_URL, "council.jdbc.user=" + DB_USER,
        "password authentication failed");
    assertThat(r.out() + r.err()).doesNotContain(wrong);
  }

  @Test
  void exportsARunsSpansOverOtlpWithTheSenderItCarries() throws IOException {
    List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", exchange -> {
      if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
        traces.add(ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes()));
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    try {
      Outcome r = run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + receiver.getAddress().getPort()),
          "run", Cli.example("advisor.json"), "--question", "Should we adopt a four-day week?");

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.err()).as("no warnings").isEmpty();
      List<String> spans = traces.stream().flatMap(t -> t.getResourceSpansList().stream())
          .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream())
          .map(Span::getName).toList();
      assertThat(spans).contains("invoke_workflow advisor", "round independent_analysis", "round synthesis");
      assertThat(spans).filteredOn(n -> n.startsWith("chat ")).hasSize(7);
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void servesTheWebPageItsFilesAndLivenessFromInsideTheJar() throws Exception {
    List<String> command = command("serve", "--port", "0", "--councils", Cli.examples().toString());
    Path out = Files.createTempFile("council-serve", ".out");
    Path err = Files.createTempFile("council-serve", ".err");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    scrub(pb.environment());
    Process serve = pb.start();
    try {
      String base = awaitListening(serve, out, err);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

      HttpResponse<String> page = get(http, base + "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(page.body()).isEqualTo(jarEntry("dev/council/server/web/index.html"));
      Set<String> assets = new LinkedHashSet<>();
      Matcher m = PAGE_ASSET.matcher(page.body());
      while (m.find()) {
        assets.add(m.group(1));
      }
      assertThat(assets).contains("/app.js", "/app.css");
      for (String asset : assets) {
        HttpResponse<String> file = get(http, base + asset);
        assertThat(file.statusCode()).as(asset).isEqualTo(200);
        assertThat(file.body()).as(asset).isNotBlank().isEqualTo(jarEntry("dev/council/server/web" + asset));
      }
      assertThat(get(http, base + "/app.js").headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
      assertThat(get(http, base + "/app.css").headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));

      HttpResponse<String> live = get(http, base + "/health/live");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(Cli.json(live.body())).containsEntry("status", "UP");
    } finally {
      serve.destroy();
      if (!serve.waitFor(20, TimeUnit.SECONDS)) {
        serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    assertThat(serve.isAlive()).isFalse();
  }

  /** Standard output and error of one finished {@code java -jar} invocation, and its exit code. */
  private record Outcome(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
  }

  private static Outcome run(Map<String, String> env, String... args) {
    try {
      Path out = Files.createTempFile("council-jar", ".out");
      Path err = Files.createTempFile("council-jar", ".err");
      ProcessBuilder pb = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile());
      scrub(pb.environment());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("java -jar " + jar + " " + String.join(" ", args) + " did not end within " + WAIT
            + "\n--- stdout ---\n" + Files.readString(out) + "\n--- stderr ---\n" + Files.readString(err));
      }
      Outcome outcome = new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return outcome;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@code java -jar JAR args}, with the one flag {@code ./council} adds on JDK 23+. */
  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return command;
  }

  /** Removes the build's own council and OpenTelemetry settings, so only a test's count. */
  private static void scrub(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("COUNCIL_") || k.startsWith("OTEL_"));
  }

  private static Map<String, String> jdbi(String password, String tablePrefix) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("COUNCIL_RECORDER", "jdbi");
    env.put("COUNCIL_JDBC_URL", DB_URL);
    env.put("COUNCIL_JDBC_USER", DB_USER);
    env.put("COUNCIL_JDBC_PASSWORD", password);
    env.put("COUNCIL_RECORDER_JDBI_TABLE_PREFIX", tablePrefix);
    return env;
  }

  private static String awaitListening(Process serve, Path out, Path err) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline && serve.isAlive()) {
      Matcher m = LISTENING.matcher(Files.readString(out));
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("council serve did not say where it listens"
        + (serve.isAlive() ? " within " + WAIT : "; it exited with " + serve.exitValue())
        + "\n--- stdout ---\n" + Files.readString(out) + "\n--- stderr ---\n" + Files.readString(err));
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String jarEntry(String name) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      var entry = file.getJarEntry(name);
      assertThat(entry).as("%s in %s", name, jar).isNotNull();
      try (InputStream in = file.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> names(Map<String, List<Map<String, Object>>> plugins, String kind) {
    assertThat(plugins).containsKey(kind);
    return plugins.get(kind).stream().map(p -> p.get("name")).toList();
  }

  private static Map<Object, Long> countByType(List<List<Object>> events) {
    Map<Object, Long> counts = new LinkedHashMap<>();
    events.forEach(e -> counts.merge(e.get(1), 1L, Long::sum));
    return counts;
  }

  private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Connection connect() throws SQLException {
    try {
      return DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
    } catch (SQLException e) {
      throw new AssertionError("PostgreSQL is not reachable at " + DB_URL + " as user " + DB_USER + ": "
          + e.getMessage() + ". Run scripts/postgres.sh (as root) to install and start a local server, or point"
          + " COUNCIL_TEST_JDBC_URL / COUNCIL_TEST_JDBC_USER / COUNCIL_TEST_JDBC_PASSWORD at one.", e);
    }
  }

  /** A table prefix no other test uses: {@code t_cli_<random>_}. */
  private static String uniquePrefix() {
    return "t_cli_" + HexFormat.of().formatHex(randomBytes(4)) + "_";
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
