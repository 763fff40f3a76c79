package dev.council.pubsub.hazelcast;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.RunRegistry;
import dev.council.api.spi.RunRegistryFactory;

/**
 * Creates the {@code hazelcast} {@link HazelcastRunRegistry}, selected by {@code council.registry=hazelcast}
 * or {@code council.mode=multi-node}. The factory itself is stateless; {@link #create} joins the cluster
 * (or reuses this JVM's instance, see {@link HazelcastPubSubFactory}).
 */
public final class HazelcastRunRegistryFactory implements RunRegistryFactory {
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
  public RunRegistry create(String registryName, CouncilConfig config) {
    return new HazelcastRunRegistry(registryName, HazelcastInstances.acquire(config));
  }
}
