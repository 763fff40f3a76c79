package dev.council.pubsub.hazelcast;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.ReliabilityStore;
import dev.council.api.spi.ReliabilityStoreFactory;

/**
 * Creates the cluster-wide {@link HazelcastReliabilityStore}, selected by
 * {@code council.reliability.store=hazelcast}. The factory itself is stateless; {@link #create} joins the
 * cluster (or reuses this JVM's instance, see {@link HazelcastPubSubFactory}).
 */
public final class HazelcastReliabilityStoreFactory implements ReliabilityStoreFactory {
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
  public ReliabilityStore create(CouncilConfig config) {
    return new HazelcastReliabilityStore(HazelcastInstances.acquire(config));
  }
}
