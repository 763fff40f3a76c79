package dev.council.engine.internal.otel;

import dev.council.api.Council;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Chooses an engine's {@link Telemetry}. Stateless. */
public final class Telemetries {
  private Telemetries() {}

  /**
   * The instrumentation for an engine.
   *
   * @param openTelemetry the instance given to the engine builder; null to use {@link GlobalOpenTelemetry}
   *     once (and if ever) an application sets it, looked up at each run's start until then
   * @return {@link Telemetry#OFF} when disabled or when the given instance is the no-op one
   */
  public static Telemetry create(OtelSettings settings, @Nullable OpenTelemetry openTelemetry) {
    if (!settings.enabled()) {
      return Telemetry.OFF;
    }
    if (openTelemetry != null) {
      return isNoop(openTelemetry) ? Telemetry.OFF : new OtelTelemetry(openTelemetry, settings);
    }
    return new GlobalTelemetry(settings);
  }

  /**
   * {@code GlobalOpenTelemetry.isSet()} (opentelemetry-api 1.57 has it, 1.55 does not); false with an older API on
   * the class path (Spring Boot 4.0 manages 1.55), where the only other probe, {@code get()}, would set the
   * global to a no-op for good. With such an API the global is not followed: give the instance to the
   * engine builder or share it through the configuration.
   */
  static boolean globalIsSet() {
    java.lang.invoke.MethodHandle isSet = GLOBAL_IS_SET;
    if (isSet == null) {
      return false;
    }
    try {
      return (boolean) isSet.invokeExact();
    } catch (Throwable e) {
      return false;
    }
  }

  private static final java.lang.invoke.@Nullable MethodHandle GLOBAL_IS_SET = globalIsSetHandle();

  private static java.lang.invoke.@Nullable MethodHandle globalIsSetHandle() {
    try {
      return java.lang.invoke.MethodHandles.publicLookup().findStatic(GlobalOpenTelemetry.class, "isSet",
          java.lang.invoke.MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  private static boolean isNoop(OpenTelemetry otel) {
    return otel.getTracerProvider() == TracerProvider.noop() && otel.getMeterProvider() == MeterProvider.noop();
  }

  /**
   * Follows {@link GlobalOpenTelemetry}: no-op (one volatile read per run) until it is set, then the set
   * instance's instrumentation, built once. Never sets the global itself.
   */
  private static final class GlobalTelemetry implements Telemetry {

    private final OtelSettings settings;
    private volatile @Nullable OtelTelemetry delegate;

    GlobalTelemetry(OtelSettings settings) {
      this.settings = settings;
    }

    @Override
    public RunSpan startRun(String runId, Council council, int attempt, @Nullable String parentRunId, String nodeId,
        Map<String, String> resumedFrom) {
      OtelTelemetry d = delegate;
      if (d == null) {
        if (!globalIsSet()) {
          return Noop.INSTANCE;
        }
        synchronized (this) {
          d = delegate;
          if (d == null) {
            d = new OtelTelemetry(GlobalOpenTelemetry.get(), settings);
            delegate = d;
          }
        }
      }
      return d.startRun(runId, council, attempt, parentRunId, nodeId, resumedFrom);
    }
  }
}
