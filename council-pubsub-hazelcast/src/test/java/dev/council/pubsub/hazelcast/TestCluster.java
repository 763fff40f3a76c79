package dev.council.pubsub.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.council.api.config.CouncilConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A loopback-only cluster for one test class: a unique name and its own ports (the first free one and the
 * two after it). Published in this module's test jar. Immutable.
 */
public final class TestCluster {
  /** The unique cluster name. */
  public final String name = "council-test-" + UUID.randomUUID();
  /** The port of the first member; members listen on {@code port + offset}, offsets 0 to 2. */
  public final int port = freePort();

  /** The council.hazelcast.* keys of this cluster, for a member listening on {@code port + offset}. */
  public Map<String, String> keys(int offset) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(HazelcastSettings.CLUSTER_NAME, name);
    m.put(HazelcastSettings.PORT, Integer.toString(port + offset));
    m.put(HazelcastSettings.MEMBERS, "127.0.0.1:" + port + ",127.0.0.1:" + (port + 1) + ",127.0.0.1:" + (port + 2));
    m.put(HazelcastSettings.HEARTBEAT_INTERVAL, "1s");
    m.put(HazelcastSettings.MAX_NO_HEARTBEAT, "5s");
    return m;
  }

  /** Starts a member in this JVM from the module's own configuration of the keys above. */
  HazelcastInstance member(int offset) {
    return Hazelcast.newHazelcastInstance(
        HazelcastInstances.memberConfig(HazelcastSettings.from(CouncilConfig.of(keys(offset)))));
  }

  /**
   * Starts a member listening on {@code port + offset} in a JVM of its own (a {@link ClusterNodeMain} in
   * multi-node mode), and waits until it has joined and every partition has its backups again, so it owns
   * its share of the data. Its log goes to {@code target/node-logs/}.
   */
  NodeProcess memberInItsOwnJvm(int offset) throws IOException {
    Map<String, String> config = new LinkedHashMap<>(keys(offset));
    config.put("council.mode", "multi-node");
    config.put("council.node-id", "other-jvm-" + offset);
    NodeProcess node = NodeProcess.start(config, new File("target/node-logs/" + name + "-" + offset + ".log"));
    node.command("safe", "safe 3");
    return node;
  }

  /** Configuration sharing {@code hz} with the plugins (the application-provided instance path). */
  static CouncilConfig sharing(HazelcastInstance hz) {
    return CouncilConfig.builder().systemProperties(Map.of()).environment(Map.of())
        .share(HazelcastInstance.class, hz).build();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
