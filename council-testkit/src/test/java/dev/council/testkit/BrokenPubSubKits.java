package dev.council.testkit;

import dev.council.testkit.ListenerPubSub.Defect;

/**
 * {@link PubSubKit} runs against deliberately broken pubsubs, one per defect, run by {@link
 * PubSubKitCatchesBrokenPubSubsTest} (the names keep the build from running them on their own).
 */
final class BrokenPubSubKits {
  private BrokenPubSubKits() {}

  static final class DeliversOnThePublisherThread extends ListenerPubSubKit {
    @Override
    Defect defect() {
      return Defect.DELIVERS_ON_THE_PUBLISHER_THREAD;
    }
  }

  static final class DeliversTwice extends ListenerPubSubKit {
    @Override
    Defect defect() {
      return Defect.DELIVERS_TWICE;
    }
  }

  static final class IgnoresUnsubscribe extends ListenerPubSubKit {
    @Override
    Defect defect() {
      return Defect.IGNORES_UNSUBSCRIBE;
    }
  }
}
