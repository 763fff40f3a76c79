package dev.council.testkit;

import dev.council.api.spi.RunRegistry;

/** {@link RunRegistryKit} for a {@link MapRunRegistry} with one {@link MapRunRegistry.Defect}. */
abstract class MapRunRegistryKit extends RunRegistryKit {

  /** The defect of the registries under test. */
  abstract MapRunRegistry.Defect defect();

  @Override
  protected RunRegistry createRegistry(String registryName) {
    return new MapRunRegistry(defect(), registryName);
  }
}
