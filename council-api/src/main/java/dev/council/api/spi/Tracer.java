package dev.council.api.spi;

import dev.council.api.event.CouncilListener;
import java.util.Optional;

/**
 * Observes runs (logging, metrics, tracing). {@link #attach} is called once per run before its first
 * event; the listener it returns sees every event in order, isolated from the run.
 */
public interface Tracer {
  Optional<CouncilListener> attach(RunInfo run);
}
