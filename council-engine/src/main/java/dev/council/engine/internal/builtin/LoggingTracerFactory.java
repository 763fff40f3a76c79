package dev.council.engine.internal.builtin;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.Tracer;
import dev.council.api.spi.TracerFactory;
import dev.council.engine.trace.LoggingTracer;

/** Creates the {@code logging} tracer ({@link LoggingTracer}). Stateless; performs no I/O. */
public final class LoggingTracerFactory implements TracerFactory {
  @Override
  public String name() {
    return "logging";
  }

  @Override
  public Tracer create(CouncilConfig config) {
    return new LoggingTracer();
  }
}
