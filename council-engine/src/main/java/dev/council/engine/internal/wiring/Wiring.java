package dev.council.engine.internal.wiring;

import dev.council.api.config.CouncilConfig;

/**
 * Builds an engine's plugins: discovers factories with {@code classLoader}, reads and validates
 * {@code config}, picks plugins by configured name, applies {@code overrides}, and creates the pubsub,
 * recorder and tracers (registries and providers are created on first use).
 *
 * <p>Blocks only as long as plugin creation does. Stateless.
 */
public final class Wiring {
  private Wiring() {}

  /**
   * @throws dev.council.api.config.ConfigException when a setting is malformed (all such problems at once)
   * @throws dev.council.api.CouncilException when plugins cannot be loaded, or configured names have no
   *     plugin; the message names each and the artifact to add, one per line
   */
  public static EnginePlugins create(CouncilConfig config, ClassLoader classLoader, EngineOverrides overrides) {
    return DaggerEngineComponent.builder()
        .config(config)
        .classLoader(classLoader)
        .overrides(overrides)
        .build()
        .plugins();
  }
}
