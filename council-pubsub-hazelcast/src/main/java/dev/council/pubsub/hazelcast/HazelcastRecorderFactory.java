package dev.council.pubsub.hazelcast;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RecorderFactory;

/**
 * Creates the {@code hazelcast} {@link HazelcastRecorder}, selected by {@code council.recorder=hazelcast}.
 * The factory itself is stateless; {@link #create} joins the cluster (or reuses this JVM's instance, see
 * {@link HazelcastPubSubFactory}).
 */
public final class HazelcastRecorderFactory implements RecorderFactory {
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
  public Recorder create(CouncilConfig config) {
    return new HazelcastRecorder(HazelcastInstances.acquire(config));
  }
}
