package dev.council.spring.boot.autoconfigure;

import dev.council.api.config.CouncilConfig;

/**
 * Adjusts the {@link CouncilConfig} the auto-configured engine is built with: set values or share
 * application-owned objects with plugins ({@link CouncilConfig.Builder#share}). The auto-configuration
 * uses it itself to share the application's {@code DataSource}, {@code HazelcastInstance} and
 * {@code OpenTelemetry}. Beans of this type are applied in {@link org.springframework.core.annotation.Order}
 * order after the {@code council.*} properties were copied in. Called once, on the thread creating the engine.
 */
@FunctionalInterface
public interface CouncilConfigCustomizer {
  /** Adjusts {@code builder}. */
  void customize(CouncilConfig.Builder builder);
}
