package dev.council.docs;

import dev.council.api.Council;
import dev.council.engine.CouncilEngine;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import org.springframework.context.annotation.Bean;

/** docs/observability.md: an engine with the application's OpenTelemetry. */
final class Tracing {
  private Tracing() {}

  static void withSdk(Council council) {
    OpenTelemetrySdk otel = AutoConfiguredOpenTelemetrySdk.initialize().getOpenTelemetrySdk(); // OTEL_* variables
    try (CouncilEngine engine = CouncilEngine.builder().openTelemetry(otel).build()) {
      engine.run(council, Map.of("question", "…"));
    }
    otel.close(); // flushes
  }

  static final class SpringConfiguration {
    @Bean(destroyMethod = "close")
    CouncilEngine councilEngine(OpenTelemetry otel) {
      return CouncilEngine.builder().openTelemetry(otel).build();
    }
  }
}
