package dev.council.pubsub.hazelcast;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.RunRegistry;
import dev.council.api.spi.RunRegistryFactory;

/**
 * Creates the {@code hazelcast} {@link HazelcastRunRegistry}, selected by {@code council.registry=hazelcast}
 * or {@code council.mode=multi-node}. The factory itself is stateless; {@link #create} joins the cluster
 * (or reuses this JVM's instance, see {@link HazelcastPubSubFactory}). The registry traces the control
 * calls it serves with the {@code OpenTelemetry} shared through the configuration (the engine shares the
 * one it was built with), else {@code GlobalOpenTelemetry}.
 */
public final class HazelcastRunRegistryFactory implements RunRegistryFactory {
  public static final String NAME = "hazelcast";
  /**
   * How long a node that won a departed node's run keeps trying to resume it while its recorder refuses
   * (the jdbi recorder refuses while the departed engine's lease lasts, {@code council.recorder.jdbi.lease}).
   */
  public static final String ADOPT_RETRY = HazelcastSettings.PREFIX + "adopt-retry";
  public static final java.time.Duration DEFAULT_ADOPT_RETRY = java.time.Duration.ofSeconds(30);

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
    java.time.Duration retry = config.getDuration(ADOPT_RETRY, DEFAULT_ADOPT_RETRY);
    if (retry.isNegative()) {
      throw new dev.council.api.config.ConfigException(java.util.List.of(ADOPT_RETRY + " is " + retry
          + " but must be zero or a positive duration such as 30s"));
    }
    return new HazelcastRunRegistry(registryName, HazelcastInstances.acquire(config), retry,
        config.shared(io.opentelemetry.api.OpenTelemetry.class).orElse(null));
  }
}
