package dev.council.samples.quarkus;

import dev.council.api.Council;
import dev.council.api.RunSummary;
import dev.council.api.event.CouncilEvent;
import dev.council.api.json.JsonMapping;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The sample's HTTP API.
 *
 * <ul>
 *   <li>{@code POST /runs} with {@code {"question": "..."}}: starts a run and streams its events as
 *       Server-Sent Events ({@code id} the event's seq, {@code event} its type, {@code data} its JSON; the
 *       first, {@code run_started}, carries the run id), closing the stream after the terminal event.
 *       When the client disconnects first, the run is cancelled.
 *   <li>{@code GET /runs/{id}}: the run's state as JSON, or 404 once the engine forgot it.
 * </ul>
 *
 * <p>The run's listener only queues events; a virtual thread per stream sends them through the
 * {@link SseEventSink} and, while the run is quiet, checks every {@link #HEARTBEAT_MILLIS} ms whether the
 * client has gone (the sink is closed, or a send failed), so a slow or vanished client never holds up the
 * run. A request-scoped JAX-RS resource; the engine it uses is shared.
 */
@Path("/runs")
public class RunResource {
  /** How often an idle stream checks that its client is still there. */
  static final long HEARTBEAT_MILLIS = 200;

  @Inject
  CouncilEngine engine;

  @Inject
  Council advisor;

  /**
   * Starts a run of the {@code advisor} council and streams its events to {@code sink}.
   *
   * @throws BadRequestException (400, with {@code path}, {@code code} and {@code message}) when the body
   *     has no question; nothing is streamed then
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void start(@Nullable Question body, @Context SseEventSink sink, @Context Sse sse) {
    String question = body == null ? null : body.question();
    if (question == null || question.isBlank()) {
      throw new BadRequestException(Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
          .entity(Map.of("path", "question", "code", "required",
              "message", "the request body must be a JSON object with a non-empty string \"question\""))
          .build());
    }
    BlockingQueue<CouncilEvent> events = new LinkedBlockingQueue<>();
    RunHandle run = engine.start(advisor, Map.of("question", question),
        RunOptions.builder().listener(events::add).build());
    Thread.ofVirtual().name("sse-" + run.runId()).start(() -> pump(run, events, sink, sse));
  }

  /** The state of run {@code id}. */
  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response state(@PathParam("id") String id) {
    Optional<RunHandle> run = engine.find(id);
    if (run.isEmpty()) {
      return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "no run '" + id
          + "': it never existed here or finished long enough ago to be forgotten (council.reap-after)")).build();
    }
    RunSummary s = run.get().state();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runId", s.runId());
    body.put("councilId", s.councilId());
    body.put("status", s.status().name());
    body.put("roundsCompleted", s.roundsCompleted());
    return Response.ok(body).build();
  }

  private static void pump(RunHandle run, BlockingQueue<CouncilEvent> events, SseEventSink sink, Sse sse) {
    try (sink) {
      while (true) {
        CouncilEvent event = events.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        if (sink.isClosed()) {
          run.cancel(); // the client went away: nobody reads the rest, so stop paying for it
          return;
        }
        if (event == null) {
          continue;
        }
        sink.send(sse.newEventBuilder().id(Long.toString(event.seq())).name(event.type())
            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(JsonMapping.toTree(event)).build())
            .toCompletableFuture().get();
        if (event.terminal()) {
          return;
        }
      }
    } catch (ExecutionException | RuntimeException clientGone) {
      run.cancel();
    } catch (InterruptedException shuttingDown) {
      Thread.currentThread().interrupt();
      run.cancel();
    }
  }
}
