package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PubSubKit} fails each deliberately broken pubsub of {@link BrokenPubSubKits} with an {@link
 * AssertionError} naming its defect, and passes the correct one.
 */
class PubSubKitCatchesBrokenPubSubsTest {

  @Test
  void theCorrectPubSubPassesEveryTest() {
    KitRunner.Outcome outcome = KitRunner.run(ListenerPubSubKitTest.class);

    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.passed()).contains("deliversEveryEventToEverySubscriberInPublishOrder",
        "throwingListenerIsIsolatedFromOthersAndKeepsReceiving", "blockedListenerStallsNeitherPublisherNorOtherSubscribers");
  }

  @Test
  void aListenerFailureReachingThePublisherFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenPubSubKits.DeliversOnThePublisherThread.class).failures();

    assertThat(failures).containsKeys("throwingListenerIsIsolatedFromOthersAndKeepsReceiving",
        "blockedListenerStallsNeitherPublisherNorOtherSubscribers");
    assertThat(failures.get("throwingListenerIsIsolatedFromOthersAndKeepsReceiving")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("PubSub.publish threw for run_started #0 of r1")
        .hasMessageContaining("listener failure expected by the test");
    assertThat(failures.get("blockedListenerStallsNeitherPublisherNorOtherSubscribers"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("PubSub.publish waited for a blocked listener");
  }

  @Test
  void anEventDeliveredTwiceFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenPubSubKits.DeliversTwice.class).failures();

    assertThat(failures).containsKey("deliversEveryEventToEverySubscriberInPublishOrder");
    assertThat(failures.get("deliversEveryEventToEverySubscriberInPublishOrder")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("delivered the same event more than once to subscriber 'first'");
  }

  @Test
  void deliveriesAfterUnsubscribeFail() {
    Map<String, Throwable> failures = KitRunner.run(BrokenPubSubKits.IgnoresUnsubscribe.class).failures();

    assertThat(failures).containsOnlyKeys("closedSubscriptionReceivesNothingPublishedAfterClose",
        "closingASubscriptionTwiceIsHarmless");
    assertThat(failures.get("closedSubscriptionReceivesNothingPublishedAfterClose")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("a closed subscription received events published after close");
  }
}
