package dev.council.cli;

import dev.council.api.Verbosity;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.engine.trace.VerboseTracer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints one run's timeline with the engine's {@link VerboseTracer} and lets the command wait until the
 * run's last event is printed, so that the final answer block never interleaves with the timeline
 * (listeners are called asynchronously). Events of other runs (sub-councils) are printed but do not end
 * the timeline. Thread-safe.
 */
final class Timeline implements CouncilListener {
  private final String runId;
  private final VerboseTracer tracer;
  private final CountDownLatch ended = new CountDownLatch(1);

  Timeline(String runId, PrintStream out, Verbosity level) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.tracer = new VerboseTracer(out, level);
  }

  @Override
  public void onEvent(CouncilEvent event) {
    try {
      tracer.onEvent(event);
    } finally {
      if ((event instanceof RunCompleted || event instanceof RunFailed) && event.runId().equals(runId)) {
        ended.countDown();
      }
    }
  }

  /** Waits at most {@code max} for the run's last event to be printed; returns early when interrupted. */
  void awaitEnd(Duration max) {
    try {
      ended.await(max.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
