package dev.council.cli;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry SDK of one CLI invocation, configured by the SDK's autoconfigure module from the
 * standard {@code OTEL_*} variables, and only when one of {@link #TRIGGERS} is set (and {@code
 * OTEL_SDK_DISABLED} is not {@code true}): otherwise no SDK, no exporter, nothing printed. Defaults that
 * differ from autoconfigure's own (each overridden by its variable): OTLP over {@code http/protobuf},
 * service name {@code council}, no log exporter (the CLI emits no OpenTelemetry logs).
 *
 * <p>{@link #close()} flushes what is buffered and shuts the SDK down; the CLI calls it when the command
 * ends, before the process exits. Not thread-safe; one per invocation.
 */
final class CliTelemetry implements AutoCloseable {
  /** Setting any of these turns export on. */
  static final List<String> TRIGGERS = List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
      "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER");

  private final @Nullable OpenTelemetrySdk sdk;

  private CliTelemetry(@Nullable OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  /** The SDK for an invocation with environment {@code env}, or none when export is not asked for. */
  static CliTelemetry start(Map<String, String> env) {
    boolean asked = TRIGGERS.stream().anyMatch(k -> !env.getOrDefault(k, "").isBlank());
    if (!asked || "true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").trim())) {
      return new CliTelemetry(null);
    }
    Map<String, String> defaults = Map.of(
        "otel.exporter.otlp.protocol", "http/protobuf",
        "otel.service.name", "council",
        "otel.logs.exporter", "none");
    Map<String, String> fromEnv = new LinkedHashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("OTEL_")) {
        fromEnv.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
      }
    });
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        // the invocation's environment (the process's, or the one given to CouncilCli.execute) wins
        .addPropertiesCustomizer(props -> fromEnv)
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
    return new CliTelemetry(sdk);
  }

  /** What engines trace and measure with: the SDK, or the no-op instance. */
  OpenTelemetry openTelemetry() {
    return sdk != null ? sdk : OpenTelemetry.noop();
  }

  /** Flushes spans and metrics (waiting up to 10 s) and shuts the SDK down. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
