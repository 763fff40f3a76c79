package dev.council.api.spi;

import dev.council.api.config.CouncilConfig;

/**
 * Creates a {@link RunTracer} enabled by name in {@code council.tracers}; listed in
 * {@code META-INF/services/dev.council.api.spi.RunTracerFactory}. Stateless; performs no I/O.
 */
public interface RunTracerFactory {
  /** The name {@code council.tracers} selects this tracer by. */
  String name();

  /** A new tracer for one engine. */
  RunTracer create(CouncilConfig config);
}
