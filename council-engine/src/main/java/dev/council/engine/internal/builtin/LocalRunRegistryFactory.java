package dev.council.engine.internal.builtin;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.RunRegistry;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.engine.local.LocalRunRegistry;

/** Creates {@code local} run registries ({@link LocalRunRegistry}). Stateless; performs no I/O. */
public final class LocalRunRegistryFactory implements RunRegistryFactory {
  @Override
  public String name() {
    return "local";
  }

  @Override
  public RunRegistry create(String registryName, CouncilConfig config) {
    return new LocalRunRegistry(registryName);
  }
}
