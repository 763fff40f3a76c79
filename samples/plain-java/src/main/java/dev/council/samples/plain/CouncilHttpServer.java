package dev.council.samples.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.RunSummary;
import dev.council.api.event.CouncilEvent;
import dev.council.api.json.JsonMapping;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample's HTTP API on the JDK's {@link HttpServer}, one virtual thread per exchange:
 *
 * <ul>
 *   <li>{@code POST /runs} with {@code {"question": "..."}}: starts a run of the council and answers with
 *       {@code text/event-stream}, one SSE event per council event ({@code id} the event's seq,
 *       {@code event} its type, {@code data} its JSON), ending after the terminal event. The run id is in
 *       the {@value #RUN_ID_HEADER} response header. When the client goes away before the run ends, the
 *       run is cancelled: nobody is left to read its answer, so its remaining member calls are not paid
 *       for. A comment line every {@link #HEARTBEAT_MILLIS} ms finds a silent disconnect.
 *   <li>{@code GET /runs/{id}}: the run's {@link RunSummary} as JSON, or 404 once the engine forgot it.
 * </ul>
 *
 * <p>The listener given to the run only queues events: the exchange's own thread writes them, so a slow
 * client delays nobody. Thread-safe; {@link #close()} stops accepting requests and ends open streams.
 */
public final class CouncilHttpServer implements AutoCloseable {
  /** The response header naming the started run. */
  public static final String RUN_ID_HEADER = "Council-Run-Id";
  /** How often an idle event stream sends a comment line, to notice a client that left. */
  public static final long HEARTBEAT_MILLIS = 200;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final ExecutorService threads;
  private final CouncilEngine engine;
  private final Council council;

  private CouncilHttpServer(HttpServer server, ExecutorService threads, CouncilEngine engine, Council council) {
    this.server = server;
    this.threads = threads;
    this.engine = engine;
    this.council = council;
  }

  /**
   * Starts serving {@code council} with {@code engine} on 127.0.0.1:{@code port} (0: any free port). The
   * engine stays the caller's: closing the server does not close it.
   */
  public static CouncilHttpServer start(CouncilEngine engine, Council council, int port) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(council, "council");
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " (is the port in use? pass another"
          + " one, or 0 for any free port)", e);
    }
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    CouncilHttpServer server = new CouncilHttpServer(http, threads, engine, council);
    http.setExecutor(threads);
    http.createContext("/runs", server::handle);
    http.start();
    return server;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/runs") && method.equals("POST")) {
        startAndStream(exchange);
      } else if (path.startsWith("/runs/") && method.equals("GET")) {
        state(exchange, path.substring("/runs/".length()));
      } else {
        json(exchange, 404, Map.of("error", "no such endpoint: " + method + " " + path
            + "; use POST /runs or GET /runs/{id}"));
      }
    }
  }

  private void startAndStream(HttpExchange exchange) throws IOException {
    Optional<String> question = question(exchange.getRequestBody());
    if (question.isEmpty()) {
      json(exchange, 400, Map.of("path", "question", "code", "required",
          "message", "the request body must be a JSON object with a non-empty string \"question\""));
      return;
    }
    BlockingQueue<CouncilEvent> events = new LinkedBlockingQueue<>();
    RunHandle run;
    try {
      run = engine.start(council, Map.of("question", question.get()),
          RunOptions.builder().listener(events::add).build());
    } catch (CouncilException e) {
      json(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.getResponseHeaders().set(RUN_ID_HEADER, run.runId());
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      while (true) {
        CouncilEvent event = events.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        if (event == null) {
          write(out, ": keep-alive\n\n");
          continue;
        }
        write(out, "id: " + event.seq() + "\nevent: " + event.type() + "\ndata: "
            + JSON.writeValueAsString(JsonMapping.toTree(event)) + "\n\n");
        if (event.terminal()) {
          return;
        }
      }
    } catch (IOException clientGone) {
      // Nobody reads this run any more: stop it, keeping what finished.
      run.cancel();
    } catch (InterruptedException shuttingDown) {
      Thread.currentThread().interrupt();
    }
  }

  private void state(HttpExchange exchange, String runId) throws IOException {
    Optional<RunHandle> run = engine.find(runId);
    if (run.isEmpty()) {
      json(exchange, 404, Map.of("error", "no run '" + runId + "': it never existed here or finished long"
          + " enough ago to be forgotten (council.reap-after)"));
      return;
    }
    RunSummary s = run.get().state();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runId", s.runId());
    body.put("councilId", s.councilId());
    body.put("status", s.status().name());
    body.put("roundsCompleted", s.roundsCompleted());
    json(exchange, 200, body);
  }

  private static Optional<String> question(InputStream body) {
    try {
      Object tree = JSON.readValue(body, Object.class);
      if (tree instanceof Map<?, ?> map && map.get("question") instanceof String q && !q.isBlank()) {
        return Optional.of(q);
      }
      return Optional.empty();
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public String toString() {
    return "CouncilHttpServer[port=" + port() + ", council=" + council.id() + "]";
  }
}
