package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.engine.json.JsonOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code council serve}: serves a councils folder over HTTP until stopped. */
class ServeCommandTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)/");

  @Test
  @SuppressWarnings("unchecked")
  void servesTheExamplesAndRunsOneUntilStopped() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicInteger code = new AtomicInteger(-1);
    Thread serve = Thread.ofVirtual().start(() -> code.set(CouncilCli.execute(
        new String[] {"serve", "--port", "0", "--councils", Cli.examples().toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of())));
    String base = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (base == null && System.nanoTime() < deadline && serve.isAlive()) {
      Matcher m = LISTENING.matcher(out.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        base = m.group(1);
      } else {
        Thread.sleep(50);
      }
    }
    assertThat(base).as("stdout: %s, stderr: %s", out, err).isNotNull();

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> councils = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/councils")).build(),
        HttpResponse.BodyHandlers.ofString());
    List<Map<String, Object>> list = (List<Map<String, Object>>) ((Map<String, Object>) JsonOutput.parse(councils.body()))
        .get("councils");
    assertThat(list).extracting(c -> c.get("name")).contains("advisor", "llm-council");

    HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/runs"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"council\": \"llm-council\", \"question\": \"Tabs or spaces?\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = (String) ((Map<String, Object>) JsonOutput.parse(started.body())).get("runId");
    Map<String, Object> run;
    do {
      Thread.sleep(50);
      run = (Map<String, Object>) ((Map<String, Object>) JsonOutput.parse(http.send(HttpRequest.newBuilder(
          URI.create(base + "/v1/runs/" + runId)).build(), HttpResponse.BodyHandlers.ofString()).body())).get("run");
    } while ("RUNNING".equals(run.get("status")) && System.nanoTime() < deadline + Duration.ofSeconds(30).toNanos());
    assertThat(run).containsEntry("status", "COMPLETED");

    serve.interrupt();
    serve.join(Duration.ofSeconds(15));
    assertThat(serve.isAlive()).isFalse();
    assertThat(code.get()).isEqualTo(CouncilCli.OK);
  }

  private static String council(String id, String... providers) {
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < providers.length; i++) {
      members.append(i == 0 ? "" : ", ").append("{\"id\": \"m").append(i).append("\", \"role\": \"Analyst\", \"provider\": \"")
          .append(providers[i]).append("\", \"model\": \"keyed-1\"}");
    }
    return "{\"id\": \"" + id + "\", \"members\": [" + members + "], \"rounds\": [{\"type\": \"independent_analysis\"}]}";
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCouncilWithoutAnyUsableProviderIsServedOfflineAndReadinessReportsEachCouncilsProviders() throws Exception {
    Path dir = Files.createTempDirectory("council-serve-offline");
    Path councils = Files.createDirectories(dir.resolve("councils"));
    // keyless: no provider has its key here; mixed: one has, one has not; keyed: its only provider has
    Files.writeString(councils.resolve("keyless.json"), council("keyless", "keyed-a", "keyed-b"));
    Files.writeString(councils.resolve("mixed.json"), council("mixed", "keyed-a", "keyed-c"));
    Files.writeString(councils.resolve("keyed.json"), council("keyed", "keyed-c"));
    Path config = dir.resolve("council.properties");
    Files.writeString(config, """
        council.providers.keyed-a.type=keyed
        council.providers.keyed-a.api-key-env=A_KEY
        council.providers.keyed-b.type=keyed
        council.providers.keyed-b.api-key-env=B_KEY
        council.providers.keyed-c.type=keyed
        council.providers.keyed-c.api-key-env=C_KEY
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicInteger code = new AtomicInteger(-1);
    Thread serve = Thread.ofVirtual().start(() -> code.set(CouncilCli.execute(
        new String[] {"serve", "--port", "0", "--councils", councils.toString(), "--config", config.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of("C_KEY", "sk-test-c"))));
    try {
      String base = awaitListening(out, err, serve);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("[offline] council 'keyless'")
          .contains("provider 'keyed-a' cannot be used").contains("A_KEY")
          .doesNotContain("council 'mixed': no provider").doesNotContain("council 'keyed':");

      HttpClient http = HttpClient.newHttpClient();
      Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
      for (Object c : (List<Object>) get(http, base + "/v1/councils").get("councils")) {
        Map<String, Object> m = (Map<String, Object>) c;
        byName.put((String) m.get("name"), m);
      }
      assertThat(byName.get("keyless")).containsEntry("offline", true).containsEntry("ready", true);
      assertThat(byName.get("keyed")).containsEntry("offline", false).containsEntry("ready", true);
      assertThat(byName.get("mixed")).containsEntry("offline", false).containsEntry("ready", false);
      assertThat((List<Map<String, Object>>) byName.get("mixed").get("providers")).anySatisfy(p -> assertThat(p)
          .containsEntry("id", "keyed-a").containsEntry("usable", false)
          .hasEntrySatisfying("problem", v -> assertThat((String) v).contains("A_KEY")))
          .anySatisfy(p -> assertThat(p).containsEntry("id", "keyed-c").containsEntry("usable", true));

      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      Map<String, Object> providers = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
          JsonOutput.parse(ready.body())).get("checks")).get("providers");
      Map<String, Map<String, Object>> perCouncil = (Map<String, Map<String, Object>>) providers.get("councils");
      assertThat(perCouncil.get("keyed")).containsEntry("status", "UP").containsEntry("offline", false);
      assertThat(perCouncil.get("keyless")).containsEntry("status", "UP").containsEntry("offline", true);
      assertThat(perCouncil.get("mixed")).containsEntry("status", "DOWN");
      assertThat(ready.body()).doesNotContain("sk-test-c");

      // the offline council runs, on the simulated provider
      HttpResponse<String> started = post(http, base + "/v1/runs", "{\"council\": \"keyless\", \"question\": \"Hi?\"}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      Map<String, Object> done = awaitEnd(http, base, (String) ((Map<String, Object>) JsonOutput.parse(started.body()))
          .get("runId"));
      assertThat((Map<String, Object>) done.get("run")).containsEntry("status", "COMPLETED");
      assertThat(JsonOutput.write(done.get("result"))).contains("[simulated]").doesNotContain("keyed answer");
      // the keyed one runs on its real provider
      HttpResponse<String> keyed = post(http, base + "/v1/runs", "{\"council\": \"keyed\", \"question\": \"Hi?\"}");
      assertThat(keyed.statusCode()).as(keyed.body()).isEqualTo(202);
      Map<String, Object> keyedDone = awaitEnd(http, base, (String) ((Map<String, Object>) JsonOutput.parse(keyed.body()))
          .get("runId"));
      assertThat(JsonOutput.write(keyedDone.get("result"))).contains("keyed answer from keyed-c");
      // the mixed one is refused, naming the provider and its key
      HttpResponse<String> mixed = post(http, base + "/v1/runs", "{\"council\": \"mixed\", \"question\": \"Hi?\"}");
      assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(422);
      assertThat(mixed.body()).contains("provider_unusable").contains("keyed-a").contains("A_KEY");
    } finally {
      serve.interrupt();
      serve.join(Duration.ofSeconds(15));
    }
    assertThat(code.get()).isEqualTo(CouncilCli.OK);
  }

  private static String awaitListening(ByteArrayOutputStream out, ByteArrayOutputStream err, Thread serve)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && serve.isAlive()) {
      Matcher m = LISTENING.matcher(out.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not start; stdout: " + out + ", stderr: " + err);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (Map<String, Object>) JsonOutput.parse(r.body());
  }

  private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> awaitEnd(HttpClient http, String base, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Map<String, Object> doc = get(http, base + "/v1/runs/" + runId);
      if (!"RUNNING".equals(((Map<String, Object>) doc.get("run")).get("status")) && doc.get("result") != null) {
        return doc;
      }
      assertThat(System.nanoTime()).as("run %s ends in time", runId).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void aMissingCouncilsFolderIsAUsageErrorSayingWhatToPass() {
    Cli.Outcome o = Cli.run("serve", "--port", "0", "--councils", "/nonexistent/councils");
    assertThat(o.code()).isEqualTo(CouncilCli.USAGE);
    assertThat(o.err()).contains("no councils folder").contains("--councils");
  }
}
