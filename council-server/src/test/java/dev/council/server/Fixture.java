package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.Recorder;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.JsonOutput;
import dev.council.engine.provider.SimulatedProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A real engine on the offline simulated provider (with the given latency and per-chunk delay, so runs
 * can be watched), a council folder with a streaming llm-council-like council named {@code panel}, a
 * server on a free loopback port, and an HTTP/1.1 client.
 */
final class Fixture implements AutoCloseable {
  static final String PANEL = """
      {
        "id": "panel",
        "description": "Three members answer, rank each other anonymously, and a chair synthesizes.",
        "profiles": [ { "name": "offline", "provider": "simulated", "model": "simulated-1", "stream": true } ],
        "defaultProfile": "offline",
        "members": [
          { "id": "ada", "role": "Analyst" },
          { "id": "grace", "role": "Engineer" },
          { "id": "linus", "role": "Skeptic" }
        ],
        "rounds": [
          { "type": "independent_analysis" },
          { "type": "anonymized_peer_review" },
          { "type": "synthesis" }
        ],
        "chair": { "id": "chair", "role": "Chair" }
      }
      """;

  final CouncilEngine engine;
  final CouncilServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  final Path dir;
  private @Nullable String token;

  private Fixture(CouncilEngine engine, CouncilServer server, Path dir) {
    this.engine = engine;
    this.server = server;
    this.dir = dir;
  }

  /** A fixture over an engine and server made elsewhere; closing closes both. */
  static Fixture of(CouncilEngine engine, CouncilServer server, Path dir) {
    return new Fixture(engine, server, dir);
  }

  static Fixture start(Duration latency, Duration chunkDelay) {
    return start(latency, chunkDelay, c -> c, null, null);
  }

  static Fixture start(Duration latency, Duration chunkDelay, UnaryOperator<ServerConfig> config) {
    return start(latency, chunkDelay, config, null, null);
  }

  static Fixture start(Duration latency, Duration chunkDelay, UnaryOperator<ServerConfig> config,
      @Nullable Recorder recorder, @Nullable PastRuns pastRuns) {
    try {
      Path dir = Files.createTempDirectory("council-server-test");
      Files.writeString(dir.resolve("panel.json"), PANEL);
      CouncilEngine.Builder eb = CouncilEngine.builder()
          .config(CouncilConfig.of(Map.of("council.reap-after", "5m")))
          .provider("simulated", SimulatedProvider.create("simulated", latency, chunkDelay));
      if (recorder != null) {
        eb.recorder(recorder);
      }
      CouncilEngine engine = eb.build();
      CouncilServer server = CouncilServer.builder(engine)
          .config(config.apply(ServerConfig.DEFAULTS.withPort(0)))
          .councils(dir)
          .pastRuns(pastRuns)
          .start();
      return new Fixture(engine, server, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Fixture token(@Nullable String token) {
    this.token = token;
    return this;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  HttpResponse<String> post(String path, String body) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE().build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts a run of {@code panel} and returns its id. */
  String startPanel(String question) {
    HttpResponse<String> r = post("/v1/runs", "{\"council\": \"panel\", \"input\": {\"question\": \""
        + question + "\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return (String) json(r).get("runId");
  }

  /** Polls the run until its status is not RUNNING; returns the run document. */
  Map<String, Object> awaitEnd(String runId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      HttpResponse<String> r = get("/v1/runs/" + runId);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      Map<String, Object> doc = json(r);
      @SuppressWarnings("unchecked")
      Map<String, Object> run = (Map<String, Object>) doc.get("run");
      if (!"RUNNING".equals(run.get("status")) && doc.get("result") != null) {
        return doc;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run " + runId + " did not end within " + timeout + ": " + doc);
      }
      sleep(50);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<String> r) {
    return (Map<String, Object>) JsonOutput.parse(r.body());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    engine.close();
  }
}
