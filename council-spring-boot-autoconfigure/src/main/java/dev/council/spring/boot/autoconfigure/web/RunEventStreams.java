package dev.council.spring.boot.autoconfigure.web;

import dev.council.api.Council;
import dev.council.api.UnknownRunException;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.spi.Subscription;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.spring.boot.autoconfigure.CouncilProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams runs' events to viewers such as SSE responses, independent of the web stack (the MVC and WebFlux
 * helpers adapt it). A run started through {@link #start} is recorded from its first event (the recording
 * listener is attached before the run starts), so a viewer sees every event, and one that reconnects with
 * the last sequence number it saw ({@code Last-Event-ID}) gets the events after it, then the live ones.
 *
 * <p>Each viewer has its own virtual thread and queue: a slow client delays only itself, never the run or
 * other viewers. An idle viewer gets a heartbeat every {@code council.spring.sse.heartbeat}, which also
 * finds clients that left. When a run's last viewer leaves before the run ends and no viewer comes back
 * within {@code council.spring.sse.disconnect-grace}, the run is cancelled (with
 * {@code council.spring.sse.cancel-on-disconnect}, the default). A run stopped by the engine's shutdown
 * (no terminal event: it is resumable) ends its viewers with {@link Viewer#stopped}.
 *
 * <p>Finished runs' events are kept for {@code council.spring.sse.replay-retention}; at most
 * {@code council.spring.sse.replay-runs} runs are kept (oldest finished dropped first), and at most
 * {@value #MAX_EVENTS_PER_RUN} events per run (the oldest dropped first). Thread-safe.
 */
public final class RunEventStreams {
  /** Events kept per run for replay; older ones are dropped first. */
  public static final int MAX_EVENTS_PER_RUN = 10_000;

  private static final Logger log = LoggerFactory.getLogger(RunEventStreams.class);

  private final CouncilEngine engine;
  private final CouncilProperties.Sse settings;
  private final Clock clock;
  private final Map<String, RunLog> logs = new LinkedHashMap<>();
  private final Object viewersLock = new Object();
  private int activeViewers;

  /**
   * @param engine the engine runs are started on and looked up in
   * @param settings the {@code council.spring.sse.*} settings
   */
  public RunEventStreams(CouncilEngine engine, CouncilProperties.Sse settings) {
    this(engine, settings, Clock.systemUTC());
  }

  RunEventStreams(CouncilEngine engine, CouncilProperties.Sse settings, Clock clock) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = clock;
  }

  /** The settings these streams use. */
  public CouncilProperties.Sse settings() {
    return settings;
  }

  /**
   * Starts a run whose events are recorded for viewers from the first one on.
   *
   * @throws IllegalStateException if the engine is closing
   * @throws dev.council.api.InvalidCouncilException if the council does not validate
   */
  public RunHandle start(Council council, Map<String, Object> input, RunOptions options) {
    RunLog runLog = new RunLog();
    RunHandle handle = engine.start(council, input, options.toBuilder().listener(runLog).build());
    runLog.attach(handle, null);
    synchronized (logs) {
      purge();
      logs.put(handle.runId(), runLog);
    }
    return handle;
  }

  /**
   * Shows a run's events with a sequence number above {@code afterSeq} to {@code viewer} ({@code -1}: all
   * kept), then its live events, until the run ends, the viewer fails or {@link Viewing#close} is called.
   * A run not started through {@link #start} (or no longer kept) is followed from now on (best effort).
   *
   * @throws UnknownRunException if the engine does not know the run
   */
  public Viewing follow(String runId, long afterSeq, Viewer viewer) {
    RunLog runLog;
    synchronized (logs) {
      purge();
      runLog = logs.get(runId);
      if (runLog == null) {
        RunHandle handle = engine.find(runId).orElseThrow(() -> new UnknownRunException(runId));
        runLog = new RunLog();
        runLog.attach(handle, engine.subscribe(runId, runLog));
        logs.put(runId, runLog);
      }
    }
    return runLog.addViewer(afterSeq, viewer);
  }

  /**
   * Waits until every viewer's stream has ended, at most {@code timeout}: after the engine closed, so that
   * the last events of drained runs (and {@link Viewer#stopped}) reach their clients before the web server
   * stops.
   *
   * @return whether every viewer ended in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitViewers(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (viewersLock) {
      while (activeViewers > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(viewersLock, left);
      }
      return true;
    }
  }

  private void viewerStarted() {
    synchronized (viewersLock) {
      activeViewers++;
    }
  }

  private void viewerEnded() {
    synchronized (viewersLock) {
      activeViewers--;
      viewersLock.notifyAll();
    }
  }

  /** Removes logs of runs finished longer than the retention ago, then the oldest finished beyond the cap. */
  private void purge() {
    Instant cutoff = clock.instant().minus(settings.replayRetention());
    int excess = logs.size() + 1 - settings.replayRuns();
    for (Iterator<RunLog> it = logs.values().iterator(); it.hasNext(); ) {
      RunLog l = it.next();
      Instant finished = l.finishedAt();
      if (finished != null && (finished.isBefore(cutoff) || excess > 0)) {
        it.remove();
        excess--;
        l.release();
      }
    }
  }

  /**
   * Receives a run's events in order on a thread of its own. An exception from any method means the
   * viewer is gone (e.g. the client disconnected): no further method is called but {@link #end}.
   */
  public interface Viewer {
    /** The next event. */
    void event(CouncilEvent event) throws Exception;

    /**
     * The run was stopped without a terminal event (the engine shut down; the run is resumable), or it
     * could no longer be followed.
     */
    void stopped(String runId, Throwable cause) throws Exception;

    /** Nothing happened for a heartbeat period. */
    void heartbeat() throws Exception;

    /**
     * The stream is over: after the terminal event, {@link #stopped}, a failure, or {@link Viewing#close}.
     * Ends the client's response and may wait (see {@link #awaitResponse}) until the web stack has written
     * it: the viewer counts as active for {@link #awaitViewers} until this returns, so a server shutting
     * down does not cut off the last events of a drained run.
     */
    void end();
  }

  /** How long {@link #awaitResponse} waits for a response to be written after its stream ended. */
  public static final Duration RESPONSE_END_WAIT = Duration.ofSeconds(5);

  /**
   * For {@link Viewer#end}: waits until {@code responded} completes (the web stack has written the end of
   * the response, or the client left), at most {@link #RESPONSE_END_WAIT}. Keeps the calling thread's
   * interrupt status.
   */
  public static void awaitResponse(Future<?> responded) {
    try {
      responded.get(RESPONSE_END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("the response of a viewer did not end within {}: {}", RESPONSE_END_WAIT, e.toString());
    }
  }

  /** One viewer's view of a run. Thread-safe. */
  public static final class Viewing implements AutoCloseable {
    private final RunLog runLog;
    private final Viewer viewer;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    private Viewing(RunLog runLog, Viewer viewer) {
      this.runLog = runLog;
      this.viewer = viewer;
    }

    /** The id of the run viewed. */
    public String runId() {
      return runLog.runId();
    }

    /**
     * Ends the view: the client left (disconnected, timed out). When it was the run's last viewer and the
     * run is still going, the run is cancelled after the disconnect grace (if so configured). Idempotent.
     */
    @Override
    public void close() {
      closed = true;
      queue.add(CLOSE);
    }

    private void offer(Object item) {
      queue.add(item);
    }

    private void loop(Duration heartbeat) {
      boolean finished = false;
      try {
        while (!closed) {
          Object item = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
          if (closed || item == CLOSE) {
            break;
          }
          if (item == null) {
            viewer.heartbeat();
          } else if (item instanceof CouncilEvent e) {
            viewer.event(e);
            if (e.terminal()) {
              finished = true;
              break;
            }
          } else if (item instanceof Stopped s) {
            viewer.stopped(runLog.runId(), s.cause());
            finished = true;
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception clientGone) {
        log.debug("viewer of run {} is gone: {}", runLog.runId(), clientGone.toString());
      } finally {
        runLog.removeViewer(this, finished);
        try {
          viewer.end();
        } catch (RuntimeException e) {
          log.debug("ending the view of run {} failed: {}", runLog.runId(), e.toString());
        }
      }
    }
  }

  private static final Object CLOSE = new Object();

  /** How long a followed run's terminal event may trail its completion. */
  private static final Duration LATE_TERMINAL_WAIT = Duration.ofSeconds(1);

  private record Stopped(Throwable cause) {}

  /** A run's kept events and its viewers. Guarded by itself. */
  private final class RunLog implements CouncilListener {
    private final ArrayDeque<CouncilEvent> events = new ArrayDeque<>();
    private final List<Viewing> viewers = new ArrayList<>();
    private @Nullable RunHandle handle;
    private @Nullable Subscription subscription;
    private @Nullable Stopped stopped;
    private boolean terminal;
    private @Nullable Instant finishedAt;
    private long lastSeq = -1;
    private long leftAt;

    void attach(RunHandle h, @Nullable Subscription sub) {
      synchronized (this) {
        this.handle = h;
        this.subscription = sub;
      }
      h.completion().whenComplete((result, failure) -> {
        if (failure != null) {
          stop(failure);
        } else if (sub != null) {
          // followed from the middle: if the run had already ended, no terminal event will come
          Thread.ofVirtual().start(() -> {
            try {
              Thread.sleep(LATE_TERMINAL_WAIT);
              stop(new IllegalStateException("run " + h.runId() + " ended before its terminal event could be"
                  + " followed; read its result with engine.find(runId)"));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
        }
      });
    }

    synchronized String runId() {
      return handle == null ? "?" : handle.runId();
    }

    synchronized @Nullable Instant finishedAt() {
      return finishedAt;
    }

    @Override
    public void onEvent(CouncilEvent event) {
      synchronized (this) {
        if (terminal || event.seq() <= lastSeq) {
          return;
        }
        lastSeq = event.seq();
        events.addLast(event);
        if (events.size() > MAX_EVENTS_PER_RUN) {
          events.removeFirst();
        }
        if (event.terminal()) {
          terminal = true;
          finishedAt = clock.instant();
        }
        viewers.forEach(v -> v.offer(event));
      }
      if (event.terminal()) {
        closeSubscription();
      }
    }

    private void stop(Throwable cause) {
      synchronized (this) {
        if (terminal) {
          return;
        }
        terminal = true;
        finishedAt = clock.instant();
        stopped = new Stopped(cause);
        viewers.forEach(v -> v.offer(stopped));
      }
      closeSubscription();
    }

    private void closeSubscription() {
      Subscription s;
      synchronized (this) {
        s = subscription;
        subscription = null;
      }
      if (s != null) {
        s.close();
      }
    }

    void release() {
      closeSubscription();
    }

    Viewing addViewer(long afterSeq, Viewer viewer) {
      Viewing viewing = new Viewing(this, viewer);
      synchronized (this) {
        for (CouncilEvent e : events) {
          if (e.seq() > afterSeq) {
            viewing.offer(e);
          }
        }
        if (stopped != null) {
          viewing.offer(stopped);
        }
        viewers.add(viewing);
      }
      viewerStarted();
      Thread.ofVirtual().name("council-sse-" + runId()).start(() -> {
        try {
          viewing.loop(settings.heartbeat());
        } finally {
          viewerEnded();
        }
      });
      return viewing;
    }

    void removeViewer(Viewing viewing, boolean finished) {
      boolean cancel;
      long leaving;
      synchronized (this) {
        viewers.remove(viewing);
        cancel = !finished && !terminal && viewers.isEmpty() && settings.cancelOnDisconnect();
        leaving = ++leftAt;
      }
      if (!cancel) {
        return;
      }
      Duration grace = settings.disconnectGrace();
      if (grace.isZero()) {
        cancelIfStillUnwatched(leaving);
      } else {
        Thread.ofVirtual().name("council-sse-grace-" + runId()).start(() -> {
          try {
            Thread.sleep(grace);
            cancelIfStillUnwatched(leaving);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
    }

    /** Cancels the run unless a viewer came back (or left again, starting its own grace) meanwhile. */
    private void cancelIfStillUnwatched(long leaving) {
      RunHandle h;
      synchronized (this) {
        if (terminal || !viewers.isEmpty() || leftAt != leaving) {
          return;
        }
        h = handle;
      }
      if (h == null) {
        return;
      }
      try {
        if (h.cancel()) {
          log.info("cancelled run {}: its last viewer disconnected", h.runId());
        }
      } catch (UnknownRunException gone) {
        // finished and reaped meanwhile
      }
    }
  }

  /**
   * The sequence number in a {@code Last-Event-ID} header, or {@code -1} (replay everything kept) when it
   * is absent or not a number.
   */
  public static long lastSeq(@Nullable String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(lastEventId.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
