package dev.council.testkit;

import dev.council.testkit.MapReliabilityStore.Defect;

/**
 * {@link ReliabilityStoreKit} runs against deliberately broken stores, one per defect, run by {@link
 * ReliabilityStoreKitCatchesBrokenStoresTest} (the names keep the build from running them on their own).
 */
final class BrokenReliabilityStoreKits {
  private BrokenReliabilityStoreKits() {}

  static final class MixesMembers extends MapReliabilityStoreKit {
    @Override
    Defect defect() {
      return Defect.MIXES_MEMBERS;
    }
  }

  static final class OrderSensitiveBuckets extends MapReliabilityStoreKit {
    @Override
    Defect defect() {
      return Defect.ORDER_SENSITIVE_BUCKETS;
    }
  }

  static final class UnescapedBuckets extends MapReliabilityStoreKit {
    @Override
    Defect defect() {
      return Defect.UNESCAPED_BUCKETS;
    }
  }

  static final class ScoresTheOdds extends MapReliabilityStoreKit {
    @Override
    Defect defect() {
      return Defect.SCORES_THE_ODDS;
    }
  }

  static final class LosesConcurrentRecords extends MapReliabilityStoreKit {
    @Override
    Defect defect() {
      return Defect.LOSES_CONCURRENT_RECORDS;
    }
  }
}
