package dev.council.pubsub.hazelcast;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.PubSubFactory;

/**
 * Creates the {@code hazelcast} {@link HazelcastPubSub}, selected by {@code council.pubsub=hazelcast} or
 * {@code council.mode=multi-node}. The factory itself is stateless; {@link #create} joins the cluster.
 *
 * <p>The Hazelcast instance, in this order: a {@code com.hazelcast.core.HazelcastInstance} the application
 * shares through {@link CouncilConfig.Builder#share} (never shut down by council); a member started from a
 * shared {@code com.hazelcast.config.Config}; a client when {@value HazelcastSettings#CLIENT} is true; else
 * an embedded member from the {@code council.hazelcast.*} keys ({@link HazelcastSettings}). The pubsub and
 * every registry of a JVM with the same settings share one instance, shut down when the last closes.
 */
public final class HazelcastPubSubFactory implements PubSubFactory {
  public static final String NAME = "hazelcast";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws dev.council.api.config.ConfigException when a {@code council.hazelcast.*} key is malformed
   * @throws dev.council.api.CouncilException when the cluster cannot be joined or reached
   */
  @Override
  public PubSub create(CouncilConfig config) {
    return new HazelcastPubSub(HazelcastInstances.acquire(config));
  }
}
