package dev.council.api.spi;

import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;

/**
 * Topic-based event delivery. Events published to one topic reach each subscriber in publish order.
 * Delivery is asynchronous: {@link #publish} never waits for a listener, and a slow or throwing
 * listener never delays or affects others.
 *
 * <p>Thread-safe. Clustered implementations deliver to subscribers on every node.
 */
public interface PubSub extends AutoCloseable {

  /** Subscribes; events published after this returns are delivered. Close the subscription to stop. */
  Subscription subscribe(String topic, CouncilListener listener);

  /** Publishes to every current subscriber of {@code topic}; returns without waiting for delivery. */
  void publish(String topic, CouncilEvent event);

  /** Stops delivery and releases resources. Idempotent. */
  @Override
  default void close() {}
}
