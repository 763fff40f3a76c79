package dev.council.testkit;

import dev.council.api.spi.ReliabilityStore;

/** {@link ReliabilityStoreKit} for a {@link MapReliabilityStore} with one {@link MapReliabilityStore.Defect}. */
abstract class MapReliabilityStoreKit extends ReliabilityStoreKit {

  /** The defect of the stores under test. */
  abstract MapReliabilityStore.Defect defect();

  @Override
  protected ReliabilityStore createStore() {
    return new MapReliabilityStore(defect());
  }
}
