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

  @Test
  void aMissingCouncilsFolderIsAUsageErrorSayingWhatToPass() {
    Cli.Outcome o = Cli.run("serve", "--port", "0", "--councils", "/nonexistent/councils");
    assertThat(o.code()).isEqualTo(CouncilCli.USAGE);
    assertThat(o.err()).contains("no councils folder").contains("--councils");
  }
}
