package dev.council.api.spi;

import dev.council.api.config.CouncilConfig;

/**
 * Creates the {@link RunRegistry} selected by {@code council.registry}. Stateless; performs no I/O.
 */
public interface RunRegistryFactory {
  String name();

  /**
   * Creates a registry.
   *
   * @param registryName the registry's name: {@code default}, or a tenant's name from the run options;
   *     registries with different names never see each other's runs
   */
  RunRegistry create(String registryName, CouncilConfig config);
}
