package dev.council.spring.boot.autoconfigure.web;

import dev.council.api.Council;
import dev.council.api.UnknownRunException;
import dev.council.api.event.CouncilEvent;
import dev.council.api.json.JsonMapping;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Server-Sent Events for Spring WebFlux: a run's events as a {@code Flux<ServerSentEvent<Object>>}, in
 * the same form as {@link CouncilSseEmitters} ({@code id} = sequence number, {@code event} = type,
 * {@code data} = {@link JsonMapping#toTree(CouncilEvent)}; a {@value CouncilSseEmitters#RUN_STOPPED} event
 * when the engine stopped the run). The flux is cold: the run starts when the response subscribes, with the
 * recording listener attached before it starts. Cancelling the subscription (the client disconnected)
 * counts as the viewer leaving; see {@link RunEventStreams}. Events are emitted from a virtual thread of
 * the viewer, never blocking the event loop.
 *
 * <pre>{@code
 * @PostMapping(path = "/runs", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
 * Flux<ServerSentEvent<Object>> ask(@RequestParam String question) {
 *   return sse.start(councils.get("advisor"), Map.of("question", question));
 * }
 * }</pre>
 *
 * <p>Thread-safe; a bean of the auto-configuration when WebFlux is present.
 */
public final class CouncilServerSentEvents {
  private final RunEventStreams streams;

  /** @param streams where runs are started and followed */
  public CouncilServerSentEvents(RunEventStreams streams) {
    this.streams = Objects.requireNonNull(streams, "streams");
  }

  /** A flux that starts a run when subscribed and emits its events; errors 503 if the engine is closing. */
  public Flux<ServerSentEvent<Object>> start(Council council, Map<String, Object> input) {
    return start(council, input, RunOptions.DEFAULTS);
  }

  /** A flux that starts a run with {@code options} when subscribed and emits its events. */
  public Flux<ServerSentEvent<Object>> start(Council council, Map<String, Object> input, RunOptions options) {
    return Flux.defer(() -> {
      RunHandle handle;
      try {
        handle = streams.start(council, input, options);
      } catch (IllegalStateException closing) {
        return Flux.error(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, closing.getMessage(), closing));
      }
      return stream(handle.runId(), -1);
    });
  }

  /**
   * A flux of a run's events after {@code lastEventId} (the {@code Last-Event-ID} header), then its live
   * ones; errors 404 if the engine does not know the run.
   */
  public Flux<ServerSentEvent<Object>> follow(String runId, @Nullable String lastEventId) {
    return Flux.defer(() -> stream(runId, RunEventStreams.lastSeq(lastEventId)));
  }

  private Flux<ServerSentEvent<Object>> stream(String runId, long afterSeq) {
    long reconnect = streams.settings().reconnect().toMillis();
    // completed once the subscriber (the response writer) has had the stream's end, or cancelled
    CompletableFuture<Void> responded = new CompletableFuture<>();
    return Flux.<ServerSentEvent<Object>>create(sink -> {
      RunEventStreams.Viewing viewing;
      try {
        viewing = streams.follow(runId, afterSeq, new Viewer(sink, reconnect, responded));
      } catch (UnknownRunException e) {
        sink.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no run " + runId, e));
        return;
      }
      sink.onDispose(viewing::close);
    }).doFinally(signal -> responded.complete(null));
  }

  private static final class Viewer implements RunEventStreams.Viewer {
    private final FluxSink<ServerSentEvent<Object>> sink;
    private final long reconnect;
    private final CompletableFuture<Void> responded;
    private boolean first = true;

    Viewer(FluxSink<ServerSentEvent<Object>> sink, long reconnect, CompletableFuture<Void> responded) {
      this.sink = sink;
      this.reconnect = reconnect;
      this.responded = responded;
    }

    @Override
    public void event(CouncilEvent event) {
      ServerSentEvent.Builder<Object> b = ServerSentEvent.builder((Object) JsonMapping.toTree(event))
          .id(Long.toString(event.seq()))
          .event(event.type());
      if (first) {
        b.retry(java.time.Duration.ofMillis(reconnect));
        first = false;
      }
      next(b.build());
    }

    @Override
    public void stopped(String runId, Throwable cause) {
      next(ServerSentEvent.builder((Object) CouncilSseEmitters.stoppedData(runId, cause))
          .event(CouncilSseEmitters.RUN_STOPPED).build());
    }

    @Override
    public void heartbeat() {
      next(ServerSentEvent.<Object>builder().comment("keep-alive").build());
    }

    private void next(ServerSentEvent<Object> e) {
      if (sink.isCancelled()) {
        throw new IllegalStateException("the subscriber cancelled");
      }
      sink.next(e);
    }

    @Override
    public void end() {
      sink.complete();
      RunEventStreams.awaitResponse(responded);
    }
  }
}
