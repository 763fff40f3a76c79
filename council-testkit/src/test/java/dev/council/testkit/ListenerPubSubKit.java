package dev.council.testkit;

import dev.council.api.spi.PubSub;
import java.time.Duration;

/** {@link PubSubKit} for a {@link ListenerPubSub} with one {@link ListenerPubSub.Defect}. */
abstract class ListenerPubSubKit extends PubSubKit {

  /** The defect of the pubsubs under test. */
  abstract ListenerPubSub.Defect defect();

  @Override
  protected PubSub createPubSub() {
    return new ListenerPubSub(defect());
  }

  /** Short, so that the broken pubsubs fail fast; every correct delivery here takes milliseconds. */
  @Override
  protected Duration timeout() {
    return Duration.ofSeconds(3);
  }
}
