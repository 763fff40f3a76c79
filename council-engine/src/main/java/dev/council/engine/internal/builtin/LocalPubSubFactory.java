package dev.council.engine.internal.builtin;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.PubSubFactory;
import dev.council.engine.local.LocalPubSub;

/** Creates the {@code local} {@link PubSub} ({@link LocalPubSub}). Stateless; performs no I/O. */
public final class LocalPubSubFactory implements PubSubFactory {
  @Override
  public String name() {
    return "local";
  }

  @Override
  public PubSub create(CouncilConfig config) {
    return new LocalPubSub();
  }
}
