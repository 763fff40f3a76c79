package dev.council.api.spi;

import dev.council.api.event.CouncilListener;
import java.util.Optional;

/**
 * Observes runs (logging, metrics, tracing): the SPI behind {@code council.tracers}. Named for what it
 * traces, so that it does not clash with the {@code Tracer} of tracing libraries in code that bridges
 * the two. {@link #attach} is called once per run before its first event, on the thread starting the
 * run; the listener it returns sees every event of that run in order, isolated from the run (a failing
 * or slow listener never fails or stalls it). Empty means the tracer ignores that run.
 *
 * <p>Implementations are shared by every run of an engine and must be thread-safe.
 */
public interface RunTracer {
  /** The listener for this run's events, or empty to ignore it. Must not block. */
  Optional<CouncilListener> attach(RunInfo run);
}
