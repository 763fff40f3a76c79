package dev.council.server.internal;

import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.Subscription;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.json.JsonOutput;
import dev.council.server.PastRuns;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/runs/{id}/events}: one Server-Sent Events response, written on the request's (virtual)
 * thread until the run ends or the client goes away. Each event is {@code id: <seq>} and {@code data:
 * <event JSON>}; the stream closes with an {@code event: end} whose data says why ({@code completed},
 * {@code failed}, {@code terminated}, {@code gone}). A {@code Last-Event-ID} header resumes after that
 * seq: the backlog comes from this server's event log, else from the recorder, and live events the
 * backlog already held are skipped, so the client sees no gap and no duplicate. A client that disconnects
 * only ends its stream; the run never notices. Events wait for the client in a {@link StreamQueue} of
 * {@code council.server.stream-buffer} items; a client too slow to keep it from filling gets {@code event:
 * end} with {@code slow_client} and the last seq sent, and resumes from there. Frames are flushed when the
 * stream has nothing more queued (or after {@value #MAX_UNFLUSHED} frames), so a burst of events costs one
 * flush, not one per event, and an event never waits for a later one. One instance per request.
 */
final class EventStream {
  private static final int PAGE = 1_000;
  /** How often an idle stream checks whether its run is gone. */
  private static final Duration GONE_CHECK = Duration.ofSeconds(1);
  /** How long a run of another node may be missing from the registry before its stream ends. */
  private static final Duration ADOPTION_GRACE = Duration.ofSeconds(10);
  /** How long a stream waits for the terminal event of a run already done (it may be on its way). */
  private static final Duration COMPLETION_GRACE = Duration.ofSeconds(5);
  /** The end reason of a stream whose queue overflowed. */
  static final String SLOW_CLIENT = "slow_client";
  /** Frames written at most before a flush while more are queued (the client's latency bound in a burst). */
  static final int MAX_UNFLUSHED = 64;

  private final CouncilEngine engine;
  private final EventLogs logs;
  private final @Nullable PastRuns pastRuns;
  private final Duration heartbeat;
  private final StreamQueue queue;
  private long lastSent;
  private @Nullable OutputStream out;
  /** Frames written since the last flush. */
  private int unflushed;

  EventStream(CouncilEngine engine, EventLogs logs, @Nullable PastRuns pastRuns, Duration heartbeat,
      int buffer) {
    this.engine = engine;
    this.queue = new StreamQueue(buffer);
    this.logs = logs;
    this.pastRuns = pastRuns;
    this.heartbeat = heartbeat;
  }

  /** Serves the stream; throws {@link Problem} (before anything is written) for an unknown run. */
  void serve(Context ctx, String runId, long afterSeq) throws IOException {
    lastSent = afterSeq;
    Optional<EventLog> log = logs.find(runId);
    if (log.isPresent()) {
      serveLog(ctx, log.get(), afterSeq);
      return;
    }
    Optional<RunHandle> handle = engine.find(runId);
    if (handle.isPresent()) {
      serveLive(ctx, runId, handle.get());
      return;
    }
    if (pastRuns != null && pastRuns.find(runId).isPresent()) {
      begin(ctx);
      try {
        replayStored(runId);
        end("completed");
      } catch (IOException e) {
        // the client went away
      }
      return;
    }
    throw Problem.unknownRun(runId);
  }

  private void serveLog(Context ctx, EventLog log, long afterSeq) throws IOException {
    List<Frame> backlog = log.attach(afterSeq, queue);
    try {
      begin(ctx);
      for (Frame f : backlog) {
        if (send(f)) {
          return;
        }
      }
      flush();
      follow(() -> log.ended() && queue.isEmpty());
    } catch (IOException e) {
      // the client went away; the run goes on
    } finally {
      log.detach(queue);
    }
  }

  private void serveLive(Context ctx, String runId, RunHandle handle) throws IOException {
    Subscription subscription = engine.subscribe(runId, queue::offer);
    handle.completion().whenComplete((r, failure) -> {
      if (failure != null) {
        queue.offer(EventLog.TERMINATED);
      }
    });
    try {
      begin(ctx);
      if (replayStored(runId)) {
        return;
      }
      follow(new BooleanSupplier() {
        private long missingSince = -1;
        private long doneSince = -1;

        @Override
        public boolean getAsBoolean() {
          if (handle.completion().isDone()) {
            // a run of another node can be done here before its last events arrived through the cluster
            long now = System.nanoTime();
            if (doneSince < 0) {
              doneSince = now;
            }
            return now - doneSince >= COMPLETION_GRACE.toNanos();
          }
          // a run being adopted after its node failed is briefly in no registry: allow for that window
          if (engine.find(runId).isPresent()) {
            missingSince = -1;
            return false;
          }
          long now = System.nanoTime();
          if (missingSince < 0) {
            missingSince = now;
          }
          return now - missingSince >= ADOPTION_GRACE.toNanos();
        }
      });
    } catch (IOException e) {
      // the client went away; the run goes on
    } finally {
      subscription.close();
    }
  }

  /** Sends the recorder's stored events after {@link #lastSent}; true when the terminal one was among them. */
  private boolean replayStored(String runId) throws IOException {
    if (pastRuns == null) {
      return false;
    }
    while (true) {
      List<CouncilEvent> page = pastRuns.events(runId, lastSent + 1, PAGE);
      for (CouncilEvent e : page) {
        if (send(Frame.of(e))) {
          return true;
        }
      }
      flush();
      if (page.size() < PAGE) {
        return false;
      }
    }
  }

  /** Writes queued events until the terminal one, a terminate, or {@code gone} turns true when idle. */
  private void follow(BooleanSupplier gone) throws IOException {
    long pollMillis = Math.min(heartbeat.toMillis(), GONE_CHECK.toMillis());
    long idleSince = System.nanoTime();
    while (true) {
      Object item;
      try {
        item = queue.poll(pollMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (queue.overflowed()) {
        // the client reads more slowly than the run emits: end here, it resumes after lastSent
        end(SLOW_CLIENT);
        return;
      }
      if (item == null) {
        if (gone.getAsBoolean() && queue.isEmpty()) {
          end("gone");
          return;
        }
        if (System.nanoTime() - idleSince >= heartbeat.toNanos()) {
          write(": keep-alive\n\n");
          idleSince = System.nanoTime();
        }
        continue;
      }
      idleSince = System.nanoTime();
      if (item == EventLog.TERMINATED) {
        end("terminated");
        return;
      } else if (item instanceof Frame f && send(f)) {
        return;
      } else if (item instanceof CouncilEvent e && send(Frame.of(e))) {
        return;
      }
      if (unflushed >= MAX_UNFLUSHED || queue.isEmpty()) {
        flush();
      }
    }
  }

  /** Sends an event unless already sent; true (after closing the stream) when it was the terminal one. */
  private boolean send(Frame f) throws IOException {
    CouncilEvent e = f.event();
    if (e.seq() <= lastSent) {
      return false;
    }
    lastSent = e.seq();
    out().write(f.bytes());
    unflushed++;
    if (e.terminal()) {
      end(e.type().equals("run_completed") ? "completed" : "failed");
      return true;
    }
    return false;
  }

  private void end(String reason) throws IOException {
    write("event: end\ndata: " + JsonOutput.write(Map.of("reason", reason, "lastEventId", lastSent)) + "\n\n");
  }

  private void begin(Context ctx) throws IOException {
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream;charset=utf-8");
    res.setHeader("Cache-Control", "no-cache, no-store");
    res.setHeader("X-Accel-Buffering", "no");
    out = res.getOutputStream();
    write("retry: 2000\n\n");
  }

  private void write(String text) throws IOException {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} and flushes them with every frame written before. */
  private void write(byte[] bytes) throws IOException {
    out().write(bytes);
    flush();
  }

  private void flush() throws IOException {
    out().flush();
    unflushed = 0;
  }

  private OutputStream out() {
    OutputStream o = out;
    if (o == null) {
      throw new IllegalStateException("stream not begun");
    }
    return o;
  }
}
