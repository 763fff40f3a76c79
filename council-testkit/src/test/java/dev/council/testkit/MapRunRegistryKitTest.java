package dev.council.testkit;

/** The correct {@link MapRunRegistry} passes the whole kit. */
class MapRunRegistryKitTest extends MapRunRegistryKit {
  @Override
  MapRunRegistry.Defect defect() {
    return MapRunRegistry.Defect.NONE;
  }
}
