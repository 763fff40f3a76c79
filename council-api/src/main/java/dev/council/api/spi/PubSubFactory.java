package dev.council.api.spi;

import dev.council.api.config.CouncilConfig;

/** Creates the {@link PubSub} selected by {@code council.pubsub}. Stateless; performs no I/O. */
public interface PubSubFactory {
  String name();

  PubSub create(CouncilConfig config);
}
