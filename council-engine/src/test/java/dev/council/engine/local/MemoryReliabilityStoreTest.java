package dev.council.engine.local;

import dev.council.api.spi.ReliabilityStore;
import dev.council.testkit.ReliabilityStoreKit;

class MemoryReliabilityStoreTest extends ReliabilityStoreKit {
  @Override
  protected ReliabilityStore createStore() {
    return new MemoryReliabilityStore();
  }
}
