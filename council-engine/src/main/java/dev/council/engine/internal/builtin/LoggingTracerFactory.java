package dev.council.engine.internal.builtin;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.RunTracer;
import dev.council.api.spi.RunTracerFactory;
import dev.council.engine.trace.LoggingTracer;

/** Creates the {@code logging} tracer ({@link LoggingTracer}). Stateless; performs no I/O. */
public final class LoggingTracerFactory implements RunTracerFactory {
  @Override
  public String name() {
    return "logging";
  }

  @Override
  public RunTracer create(CouncilConfig config) {
    return new LoggingTracer();
  }
}
