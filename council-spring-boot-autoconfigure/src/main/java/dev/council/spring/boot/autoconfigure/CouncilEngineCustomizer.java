package dev.council.spring.boot.autoconfigure;

import dev.council.engine.CouncilEngine;

/**
 * Adjusts the engine builder before the auto-configured {@link CouncilEngine} is built, for what has no
 * bean or property (a clock, an executor, routers, schemas, judges, predicates). Beans of this type are
 * applied in {@link org.springframework.core.annotation.Order} order, after the application's providers,
 * tools and other plugins were added. Called once, on the thread creating the engine bean.
 */
@FunctionalInterface
public interface CouncilEngineCustomizer {
  /** Adjusts {@code builder}. */
  void customize(CouncilEngine.Builder builder);
}
