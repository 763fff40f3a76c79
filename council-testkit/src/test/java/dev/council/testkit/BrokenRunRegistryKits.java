package dev.council.testkit;

import dev.council.testkit.MapRunRegistry.Defect;

/**
 * {@link RunRegistryKit} runs against deliberately broken registries, one per defect, run by {@link
 * RunRegistryKitCatchesBrokenRegistriesTest} (the names keep the build from running them on their own).
 */
final class BrokenRunRegistryKits {
  private BrokenRunRegistryKits() {}

  static final class ReplacesDuplicates extends MapRunRegistryKit {
    @Override
    Defect defect() {
      return Defect.REPLACES_DUPLICATES;
    }
  }

  static final class ListsFinishedRunsAsActive extends MapRunRegistryKit {
    @Override
    Defect defect() {
      return Defect.LISTS_FINISHED_RUNS_AS_ACTIVE;
    }
  }

  static final class IgnoresTheName extends MapRunRegistryKit {
    @Override
    Defect defect() {
      return Defect.IGNORES_THE_NAME;
    }
  }
}
