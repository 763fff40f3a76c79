package dev.council.engine.internal.builtin;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.ReliabilityStore;
import dev.council.api.spi.ReliabilityStoreFactory;
import dev.council.engine.local.MemoryReliabilityStore;

/** Creates the in-JVM reliability store, {@code memory}. Stateless. */
public final class MemoryReliabilityStoreFactory implements ReliabilityStoreFactory {
  @Override
  public String name() {
    return MemoryReliabilityStore.NAME;
  }

  @Override
  public ReliabilityStore create(CouncilConfig config) {
    return new MemoryReliabilityStore();
  }
}
