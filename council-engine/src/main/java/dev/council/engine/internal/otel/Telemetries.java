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

  private static boolean isNoop(OpenTelemetry otel) {
    return otel.getTracerProvider() == TracerProvider.noop() && otel.getMeterProvider() == MeterProvider.noop();
  }

  /**
   * Follows {@link GlobalOpenTelemetry}: no-op (one volatile read per run) until it is set, then the set
   * instance's instrumentation, built once. Never sets the global itself.
   */
  private static final class GlobalTelemetry implements Telemetry {
    /**
     * Whether {@code GlobalOpenTelemetry.isSet()} exists (opentelemetry-api 1.57 and later). Older APIs —
     * e.g. the 1.55 Spring Boot 4.0 manages — can only be asked through {@code get()}, which would fix the
     * global to a no-op and make the application's later {@code set} fail; with them the global is not
     * consulted, and the instance must be given to the engine builder or shared through the configuration.
     */
    private static final boolean GLOBAL_CAN_BE_ASKED = hasIsSet();

    private static boolean hasIsSet() {
      try {
        GlobalOpenTelemetry.class.getMethod("isSet");
        return true;
      } catch (NoSuchMethodException e) {
        return false;
      }
    }

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
        if (!GLOBAL_CAN_BE_ASKED || !GlobalOpenTelemetry.isSet()) {
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
