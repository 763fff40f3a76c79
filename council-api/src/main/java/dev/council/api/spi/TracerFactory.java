package dev.council.api.spi;

import dev.council.api.config.CouncilConfig;

/** Creates a {@link Tracer} enabled by name in {@code council.tracers}. Stateless; performs no I/O. */
public interface TracerFactory {
  String name();

  Tracer create(CouncilConfig config);
}
