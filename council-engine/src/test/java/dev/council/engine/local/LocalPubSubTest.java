package dev.council.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.spi.PubSub;
import dev.council.api.spi.Subscription;
import dev.council.testkit.EventCapture;
import dev.council.testkit.PubSubKit;
import dev.council.testkit.TestEvents;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalPubSubTest extends PubSubKit {

  @Override
  protected PubSub createPubSub() {
    return new LocalPubSub();
  }

  @Test
  void closedSubscriptionsLeaveNoTopicBehind() {
    LocalPubSub pubSub = new LocalPubSub();
    Subscription a = pubSub.subscribe("t", new EventCapture());
    Subscription b = pubSub.subscribe("t", new EventCapture());
    assertThat(pubSub.subscriberCount("t")).isEqualTo(2);

    a.close();
    b.close();

    assertThat(pubSub.subscriberCount("t")).isZero();
  }

  @Test
  void closingThePubSubStopsDeliveryAndRefusesSubscribers() {
    LocalPubSub pubSub = new LocalPubSub();
    EventCapture capture = new EventCapture();
    pubSub.subscribe("t", capture);
    pubSub.publish("t", TestEvents.runStarted("r1"));
    capture.awaitCount(1, Duration.ofSeconds(20));

    pubSub.close();
    pubSub.publish("t", TestEvents.runStarted("r2"));

    assertThat(pubSub.subscriberCount("t")).isZero();
    assertThat(capture.events()).extracting(e -> e.runId()).containsExactly("r1");
    assertThatThrownBy(() -> pubSub.subscribe("t", new EventCapture()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot subscribe to t: this pubsub is closed");
  }
}
