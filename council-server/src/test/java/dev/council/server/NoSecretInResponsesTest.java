package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * A server whose configuration holds a provider's API key ({@code council.providers.openai.api-key}) for
 * the real OpenAI adapter, pointed at a local server that refuses the key with {@code 401} and an
 * OpenAI-format error body: the key is sent to the provider, and appears in no body and no header of any
 * response the server gives — the run, its events, the lists, the councils, health, the OpenAPI document,
 * the page, and problems.
 */
class NoSecretInResponsesTest {
  private static final String COUNCIL = """
      {"id": "gpt", "description": "One member on the OpenAI adapter.",
       "members": [{"id": "ada", "role": "Analyst", "provider": "openai", "model": "gpt-4o-mini", "stream": true}],
       "rounds": [{"type": "independent_analysis"}]}
      """;
  private static final String REFUSAL = """
      {"error": {"message": "Incorrect API key provided. You can find your API key at\
       https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", "param": null,\
       "code": "invalid_api_key"}}""";

  @Test
  @SuppressWarnings("unchecked")
  void theApiKeyAppearsInNoResponse() throws Exception {
    String secret = HexFormat.of().formatHex(randomBytes(24));
    String key = "sk-proj-" + secret;
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer openai = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    openai.createContext("/", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        byte[] body = REFUSAL.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    openai.start();
    Path dir = Files.createTempDirectory("council-secrets");
    Files.writeString(dir.resolve("gpt.json"), COUNCIL);
    CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(Map.of(
        "council.providers.openai.base-url", "http://127.0.0.1:" + openai.getAddress().getPort(),
        "council.providers.openai.api-key", key,
        "council.defaults.retry.base-backoff", "10ms",
        "council.reap-after", "5m"))).build();
    CouncilServer server = CouncilServer.builder(engine).config(ServerConfig.DEFAULTS.withPort(0)).councils(dir)
        .start();
    List<HttpResponse<String>> responses = new ArrayList<>();
    try (Fixture f = Fixture.of(engine, server, dir)) {
      HttpResponse<String> started = f.post("/v1/runs", "{\"council\": \"gpt\", \"question\": \"Is this key safe?\"}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      responses.add(started);
      String runId = (String) Fixture.json(started).get("runId");

      StringBuilder stream = new StringBuilder();
      try (Sse sse = Sse.open(f, runId, null)) {
        assertThat(sse.response.statusCode()).isEqualTo(200);
        stream.append(sse.response.headers().map());
        Sse.Message m;
        while ((m = sse.next()) != null) {
          stream.append(m).append('\n');
          if (m.event().equals("end")) {
            break;
          }
        }
      }
      // the run reached the provider with the key, and the provider's refusal is in the run
      assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo("Bearer " + key));
      assertThat(stream).contains("run_failed").contains("\"reason\":\"failed\"");
      Map<String, Object> done = f.awaitEnd(runId, Duration.ofSeconds(30));
      Map<String, Object> ada = ((List<Map<String, Object>>) ((List<Map<String, Object>>) ((Map<String, Object>)
          done.get("result")).get("rounds")).getFirst().get("members")).getFirst();
      assertThat(ada).containsEntry("status", "ERROR");
      assertThat(String.valueOf(ada.get("error"))).contains("rejected the API key").contains("HTTP 401");

      responses.add(f.get("/v1/runs/" + runId));
      responses.add(f.get("/v1/runs/" + runId + "/events"));
      responses.add(f.post("/v1/runs/" + runId + "/cancel", ""));
      responses.add(f.get("/v1/runs"));
      responses.add(f.get("/v1/councils"));
      responses.add(f.get("/v1/councils/gpt"));
      responses.add(f.post("/v1/councils/validate", COUNCIL));
      responses.add(f.post("/v1/councils/validate", COUNCIL.replace("independent_analysis", "no_such_round")));
      responses.add(f.post("/v1/runs", "{\"council\": \"gpt\", \"question\": \"Hi?\", \"apiKey\": \"x\"}"));
      responses.add(f.get("/v1/councils/nothing"));
      responses.add(f.get("/health/live"));
      responses.add(f.get("/health/ready"));
      responses.add(f.get("/openapi.json"));
      responses.add(f.get("/"));
      responses.add(f.get("/app.js"));
      responses.add(f.get("/no/such/path"));
      assertThat(responses).extracting(HttpResponse::statusCode)
          .contains(200, 202, 404, 422).doesNotContain(500);
      assertThat(stream.toString()).doesNotContain(key).doesNotContain(secret);
      assertThat(responses).allSatisfy(r -> assertThat(r.headers().map().toString() + "\n" + r.body())
          .as(r.request().method() + " " + r.request().uri())
          .doesNotContain(secret));
    } finally {
      openai.stop(0);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
