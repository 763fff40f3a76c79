package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ReliabilityStoreKit} fails each deliberately broken store of {@link BrokenReliabilityStoreKits}, in
 * the tests that concern its defect, with an {@link AssertionError} that names the rule it breaks; and
 * passes the correct one.
 */
class ReliabilityStoreKitCatchesBrokenStoresTest {

  @Test
  void theCorrectStorePassesEveryTest() {
    KitRunner.Outcome outcome = KitRunner.run(MapReliabilityStoreKitTest.class);

    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.passed()).contains("featureBucketsAndMembersAreCountedApart",
        "equalFeatureMapsShareABucketWhateverTheirOrder", "featureMapsThatOnlyJoinAlikeAreCountedApart",
        "theScoreIsTheLaplaceSmoothedShareOfMatches", "concurrentRecordsAreNotLost");
  }

  @Test
  void aStoreThatMixesMembersFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenReliabilityStoreKits.MixesMembers.class).failures();

    assertThat(failures).containsOnlyKeys("featureBucketsAndMembersAreCountedApart");
    assertThat(failures.get("featureBucketsAndMembersAreCountedApart")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("members and feature buckets are counted apart");
  }

  @Test
  void bucketsThatDependOnTheMapsOrderFail() {
    Map<String, Throwable> failures = KitRunner.run(BrokenReliabilityStoreKits.OrderSensitiveBuckets.class)
        .failures();

    assertThat(failures).containsOnlyKeys("equalFeatureMapsShareABucketWhateverTheirOrder");
    assertThat(failures.get("equalFeatureMapsShareABucketWhateverTheirOrder")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("equal feature maps share a bucket whatever their order")
        .hasMessageContaining("to contain a value but it was empty");
  }

  @Test
  void bucketsJoinedWithoutEscapingFail() {
    Map<String, Throwable> failures = KitRunner.run(BrokenReliabilityStoreKits.UnescapedBuckets.class).failures();

    assertThat(failures).containsOnlyKeys("featureMapsThatOnlyJoinAlikeAreCountedApart");
    assertThat(failures.get("featureMapsThatOnlyJoinAlikeAreCountedApart")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("feature maps that differ are counted apart")
        .hasMessageContaining("ReliabilityStore.bucket escapes them");
  }

  @Test
  void scoresAboveOneFail() {
    Map<String, Throwable> failures = KitRunner.run(BrokenReliabilityStoreKits.ScoresTheOdds.class).failures();

    assertThat(failures).containsKeys("theScoreIsTheLaplaceSmoothedShareOfMatches",
        "featureBucketsAndMembersAreCountedApart", "equalFeatureMapsShareABucketWhateverTheirOrder");
    assertThat(failures.get("theScoreIsTheLaplaceSmoothedShareOfMatches")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("is 2.0, outside (0, 1)")
        .hasMessageContaining("a score is the Laplace-smoothed share (matched + 1) / (total + 2)");
  }

  @Test
  void recordsLostUnderConcurrencyFail() {
    Map<String, Throwable> failures = KitRunner.run(BrokenReliabilityStoreKits.LosesConcurrentRecords.class)
        .failures();

    assertThat(failures).containsOnlyKeys("concurrentRecordsAreNotLost");
    assertThat(failures.get("concurrentRecordsAreNotLost")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("concurrent records are not lost: 8 threads recorded 200 outcomes, 100 matched");
  }
}
