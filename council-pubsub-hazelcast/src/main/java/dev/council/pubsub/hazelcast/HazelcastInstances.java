package dev.council.pubsub.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.config.CouncilConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hazelcast instances this JVM's pubsubs and registries use, shared and reference-counted: an
 * instance the module starts is shut down when its last user closes; one the application passed is
 * never shut down. Where the instance comes from, in order: a {@link HazelcastInstance} shared through
 * {@link CouncilConfig#shared}; an embedded member started from a shared {@link Config}; a client
 * ({@value HazelcastSettings#CLIENT}); an embedded member built from the {@code council.hazelcast.*}
 * keys.
 *
 * <p>Thread-safe: every method synchronizes on the class.
 */
final class HazelcastInstances {
  private static final Logger log = LoggerFactory.getLogger(HazelcastInstances.class);

  /** Ring buffers carrying events: {@code council.events.<stripe>}. */
  static final String EVENTS_PREFIX = "council.events.";
  /** Maps holding registered runs: {@code council.runs.<registry name>}. */
  static final String RUNS_PREFIX = "council.runs.";
  /** Maps holding the {@code hazelcast} recorder's runs, events, owners and member-call journal. */
  static final String RECORDER_PREFIX = "council.recorder.";

  private static final Map<String, Shared> started = new HashMap<>();
  private static final Map<HazelcastInstance, Shared> provided = new IdentityHashMap<>();

  private HazelcastInstances() {}

  /**
   * A lease on the instance {@code config} designates, starting it if needed.
   *
   * @throws dev.council.api.config.ConfigException when a {@code council.hazelcast.*} key is malformed
   * @throws CouncilException when the instance cannot be started or the cluster cannot be reached
   */
  static synchronized Lease acquire(CouncilConfig config) {
    HazelcastSettings settings = HazelcastSettings.from(config);
    Shared shared;
    HazelcastInstance app = config.shared(HazelcastInstance.class).orElse(null);
    if (app != null) {
      shared = provided.get(app);
      if (shared == null) {
        addDynamicConfig(app, settings);
        shared = new Shared(app, settings, false, null);
        provided.put(app, shared);
      }
    } else {
      Config memberConfig = config.shared(Config.class).orElse(null);
      String key = memberConfig != null ? "config@" + System.identityHashCode(memberConfig) : settings.identity();
      shared = started.get(key);
      if (shared == null || !shared.hz.getLifecycleService().isRunning()) {
        shared = new Shared(start(settings, memberConfig), settings, true, key);
        started.put(key, shared);
      }
    }
    shared.refs++;
    return new Lease(shared, settings);
  }

  private static synchronized void release(Shared shared) {
    if (--shared.refs > 0) {
      return;
    }
    if (shared.control != null) {
      shared.control.close();
      shared.control = null;
    }
    if (shared.fencing != null) {
      shared.fencing.close();
      shared.fencing = null;
    }
    if (shared.owned) {
      started.remove(shared.key, shared);
      try {
        shared.hz.shutdown();
      } catch (RuntimeException e) {
        log.warn("shutting down Hazelcast instance {} failed: {}", shared.hz.getName(), e.toString());
      }
    } else {
      provided.remove(shared.hz);
    }
  }

  private static synchronized ControlChannel control(Shared shared) {
    if (shared.control == null) {
      shared.control = new ControlChannel(shared.hz, shared.settings.controlTimeout());
    }
    return shared.control;
  }

  private static synchronized Fencing fencing(Shared shared) {
    if (shared.fencing == null) {
      shared.fencing = new Fencing(shared.hz, shared.settings);
    }
    return shared.fencing;
  }

  private static HazelcastInstance start(HazelcastSettings s, @Nullable Config given) {
    try {
      if (given != null) {
        return Hazelcast.newHazelcastInstance(given);
      }
      if (s.client()) {
        return HazelcastClient.newHazelcastClient(clientConfig(s));
      }
      return Hazelcast.newHazelcastInstance(memberConfig(s));
    } catch (IllegalStateException e) {
      throw new CouncilException(dev.council.api.CouncilError.of(ErrorKind.TRANSIENT, "cannot "
          + (s.client() ? "connect a Hazelcast client to " + s.addresses() + " (cluster '" + s.clusterName()
              + "'); check " + HazelcastSettings.ADDRESSES + " and " + HazelcastSettings.CLUSTER_NAME
              : "start a Hazelcast member") + ": " + e.getMessage()), e);
    }
  }

  /** The member configuration the {@code council.hazelcast.*} keys describe. */
  static Config memberConfig(HazelcastSettings s) {
    Config config;
    if (s.configFile() != null) {
      try {
        config = Config.loadFromFile(s.configFile().toFile());
      } catch (IOException | RuntimeException e) {
        throw new CouncilException(ErrorKind.VALIDATION, HazelcastSettings.CONFIG_FILE + " " + s.configFile()
            + " is not a valid Hazelcast configuration: " + e.getMessage());
      }
    } else {
      config = new Config();
      config.setClusterName(s.clusterName());
      NetworkConfig network = config.getNetworkConfig();
      network.setPort(s.port()).setPortAutoIncrement(s.portAutoIncrement());
      network.getInterfaces().setEnabled(true).addInterface(s.networkInterface());
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(s.members());
      config.setProperty("hazelcast.socket.bind.any", "false");
      config.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(s.heartbeatInterval().toSeconds()));
      config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(s.maxNoHeartbeat().toSeconds()));
    }
    setIfAbsent(config.getProperties(), "hazelcast.phone.home.enabled", "false");
    setIfAbsent(config.getProperties(), "hazelcast.logging.type", "slf4j");
    config.addRingBufferConfig(ringbufferConfig(s));
    config.addMapConfig(mapConfig(s));
    config.addMapConfig(recorderMapConfig(s));
    config.addMultiMapConfig(recorderMultiMapConfig(s));
    return config;
  }

  private static ClientConfig clientConfig(HazelcastSettings s) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(s.clusterName());
    config.getNetworkConfig().setAddresses(s.addresses());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getConnectionStrategyConfig().getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(Math.max(5_000, s.controlTimeout().toMillis()));
    return config;
  }

  private static RingbufferConfig ringbufferConfig(HazelcastSettings s) {
    return new RingbufferConfig(EVENTS_PREFIX + "*").setCapacity(s.stripeCapacity()).setBackupCount(s.backupCount());
  }

  private static MapConfig mapConfig(HazelcastSettings s) {
    return new MapConfig(RUNS_PREFIX + "*").setBackupCount(s.backupCount());
  }

  /** The recorder's maps: always at least one synchronous backup, so losing one member loses nothing. */
  static MapConfig recorderMapConfig(HazelcastSettings s) {
    return new MapConfig(RECORDER_PREFIX + "*").setBackupCount(Math.max(1, s.backupCount()));
  }

  /** The recorder's multi-maps (each run's journal keys), backed up like its maps. */
  static MultiMapConfig recorderMultiMapConfig(HazelcastSettings s) {
    return new MultiMapConfig(RECORDER_PREFIX + "*").setBackupCount(Math.max(1, s.backupCount()));
  }

  /**
   * Adds the event and run-map configuration to a cluster the module did not configure. A cluster that
   * already has a different one keeps it (logged).
   */
  private static void addDynamicConfig(HazelcastInstance hz, HazelcastSettings s) {
    try {
      hz.getConfig().addRingBufferConfig(ringbufferConfig(s));
      hz.getConfig().addMapConfig(mapConfig(s));
      hz.getConfig().addMapConfig(recorderMapConfig(s));
      hz.getConfig().addMultiMapConfig(recorderMultiMapConfig(s));
    } catch (RuntimeException e) {
      log.info("kept the cluster's own configuration of {}* / {}*: {}", EVENTS_PREFIX, RUNS_PREFIX, e.toString());
    }
  }

  private static void setIfAbsent(java.util.Properties props, String key, String value) {
    if (props.getProperty(key) == null && System.getProperty(key) == null) {
      props.setProperty(key, value);
    }
  }

  /** One instance and its users. Fields guarded by the class lock, except the final ones. */
  private static final class Shared {
    final HazelcastInstance hz;
    final HazelcastSettings settings;
    final boolean owned;
    final @Nullable String key;
    int refs;
    @Nullable ControlChannel control;
    @Nullable Fencing fencing;

    Shared(HazelcastInstance hz, HazelcastSettings settings, boolean owned, @Nullable String key) {
      this.hz = hz;
      this.settings = settings;
      this.owned = owned;
      this.key = key;
    }
  }

  /**
   * One user's hold on a shared instance. Thread-safe; {@link #close()} is idempotent and releases the
   * instance once.
   */
  static final class Lease implements AutoCloseable {
    private final Shared shared;
    private final HazelcastSettings settings;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Lease(Shared shared, HazelcastSettings settings) {
      this.shared = shared;
      this.settings = settings;
    }

    HazelcastInstance hz() {
      return shared.hz;
    }

    /** The settings read from this user's configuration. */
    HazelcastSettings settings() {
      return settings;
    }

    /** The instance's control channel, opened on first use and closed with the instance's last lease. */
    ControlChannel control() {
      return HazelcastInstances.control(shared);
    }

    /** Which runs this node may still write for; shared by the instance's users, closed with the instance. */
    Fencing fencing() {
      return HazelcastInstances.fencing(shared);
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(shared);
      }
    }
  }
}
