package dev.council.spring.boot.autoconfigure.web;

import dev.council.api.Council;
import dev.council.api.UnknownRunException;
import dev.council.api.event.CouncilEvent;
import dev.council.api.json.JsonMapping;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events for Spring MVC: a run's events as an {@link SseEmitter}. Each event is sent with
 * {@code id} = its sequence number, {@code event} = its type ({@code run_started}, ...) and {@code data} =
 * its JSON form ({@link JsonMapping#toTree(CouncilEvent)}); the stream completes after the terminal event.
 * A run the engine stopped on shutdown (or that was terminated) ends with a {@value #RUN_STOPPED} event. A client that disconnects
 * is noticed at the next event or heartbeat; see {@link RunEventStreams} for replay and cancellation.
 *
 * <pre>{@code
 * @PostMapping(path = "/runs", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
 * SseEmitter ask(@RequestParam String question) {
 *   return sse.start(councils.get("advisor"), Map.of("question", question));
 * }
 *
 * @GetMapping(path = "/runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
 * SseEmitter events(@PathVariable String id, @RequestHeader(name = "Last-Event-ID", required = false) String last) {
 *   return sse.follow(id, last);
 * }
 * }</pre>
 *
 * <p>Thread-safe; a bean of the auto-configuration when Spring MVC is present.
 */
public final class CouncilSseEmitters {
  /** The SSE event name sent when the engine stopped a run without a terminal event (it is resumable). */
  public static final String RUN_STOPPED = "run_stopped";

  private final RunEventStreams streams;

  /** @param streams where runs are started and followed */
  public CouncilSseEmitters(RunEventStreams streams) {
    this.streams = Objects.requireNonNull(streams, "streams");
  }

  /**
   * Starts a run and streams its events from {@code run_started} on.
   *
   * @throws ResponseStatusException 503 if the engine is shutting down
   */
  public SseEmitter start(Council council, Map<String, Object> input) {
    return start(council, input, RunOptions.DEFAULTS);
  }

  /**
   * Starts a run with {@code options} and streams its events from {@code run_started} on.
   *
   * @throws ResponseStatusException 503 if the engine is shutting down
   */
  public SseEmitter start(Council council, Map<String, Object> input, RunOptions options) {
    RunHandle handle;
    try {
      handle = streams.start(council, input, options);
    } catch (IllegalStateException closing) {
      throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, closing.getMessage(), closing);
    }
    return stream(handle.runId(), -1);
  }

  /**
   * Streams a run's events after {@code lastEventId} (the {@code Last-Event-ID} request header; null or
   * not a number: every event kept), then its live events.
   *
   * @throws ResponseStatusException 404 if the engine does not know the run
   */
  public SseEmitter follow(String runId, @Nullable String lastEventId) {
    return stream(runId, RunEventStreams.lastSeq(lastEventId));
  }

  private SseEmitter stream(String runId, long afterSeq) {
    SseEmitter emitter = new SseEmitter(streams.settings().timeout().toMillis());
    long reconnect = streams.settings().reconnect().toMillis();
    // completed by the container once the response is over (written, timed out or failed)
    CompletableFuture<Void> responded = new CompletableFuture<>();
    RunEventStreams.Viewing viewing;
    try {
      viewing = streams.follow(runId, afterSeq, new RunEventStreams.Viewer() {
        private boolean first = true;

        @Override
        public void event(CouncilEvent event) throws IOException {
          SseEmitter.SseEventBuilder b = SseEmitter.event()
              .id(Long.toString(event.seq()))
              .name(event.type())
              .data(JsonMapping.toTree(event), MediaType.APPLICATION_JSON);
          if (first) {
            b.reconnectTime(reconnect);
            first = false;
          }
          emitter.send(b);
        }

        @Override
        public void stopped(String id, Throwable cause) throws IOException {
          emitter.send(SseEmitter.event().name(RUN_STOPPED).data(stoppedData(id, cause), MediaType.APPLICATION_JSON));
        }

        @Override
        public void heartbeat() throws IOException {
          emitter.send(SseEmitter.event().comment("keep-alive"));
        }

        @Override
        public void end() {
          emitter.complete();
          RunEventStreams.awaitResponse(responded);
        }
      });
    } catch (UnknownRunException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no run " + runId, e);
    }
    Runnable over = () -> {
      viewing.close();
      responded.complete(null);
    };
    emitter.onCompletion(over);
    emitter.onTimeout(over);
    emitter.onError(e -> over.run());
    return emitter;
  }

  /** The data of a {@value #RUN_STOPPED} event: {@code type}, {@code runId}, {@code reason}. */
  static Map<String, Object> stoppedData(String runId, Throwable cause) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", RUN_STOPPED);
    m.put("runId", runId);
    m.put("reason", cause instanceof IllegalStateException ? String.valueOf(cause.getMessage())
        : "the run stopped without finishing: the server shut down (the run is resumable from a persistent"
            + " recorder) or the run was terminated");
    return m;
  }
}
