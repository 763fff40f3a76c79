package dev.council.testkit;

/** The correct {@link MapReliabilityStore} passes the whole kit. */
class MapReliabilityStoreKitTest extends MapReliabilityStoreKit {
  @Override
  MapReliabilityStore.Defect defect() {
    return MapReliabilityStore.Defect.NONE;
  }
}
