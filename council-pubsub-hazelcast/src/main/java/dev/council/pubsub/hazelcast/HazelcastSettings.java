package dev.council.pubsub.hazelcast;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code council.hazelcast.*} settings, read and validated all at once. They must be the same on
 * every node of a cluster (the event stripes above all: nodes with different stripe counts do not see
 * each other's events). Immutable and thread-safe.
 *
 * @param clusterName the Hazelcast cluster name ({@value #CLUSTER_NAME}); nodes join only clusters of
 *     the same name
 * @param client whether to connect as a Hazelcast client instead of starting a member ({@value #CLIENT})
 * @param addresses the cluster addresses a client connects to ({@value #ADDRESSES})
 * @param members the member addresses an embedded member joins over TCP/IP ({@value #MEMBERS})
 * @param port the port an embedded member listens on ({@value #PORT})
 * @param portAutoIncrement whether an embedded member tries the next ports when {@code port} is taken
 *     ({@value #PORT_AUTO_INCREMENT})
 * @param networkInterface the interface an embedded member binds to ({@value #INTERFACE})
 * @param configFile a {@code hazelcast.yaml} / {@code .xml} an embedded member starts from instead of the
 *     keys above, or null ({@value #CONFIG_FILE})
 * @param heartbeatInterval how often members send heartbeats ({@value #HEARTBEAT_INTERVAL})
 * @param maxNoHeartbeat after how long without a heartbeat a member is declared dead ({@value
 *     #MAX_NO_HEARTBEAT})
 * @param backupCount synchronous backups of the run registry's maps ({@value #BACKUP_COUNT})
 * @param stripes how many ring buffers carry the events ({@value #STRIPES})
 * @param stripeCapacity events each stripe keeps for readers that lag ({@value #STRIPE_CAPACITY})
 * @param subscriberBuffer events buffered per subscription for a slow listener ({@value
 *     #SUBSCRIBER_BUFFER})
 * @param controlTimeout how long a control call routed to a run's owner waits for its answer ({@value
 *     #CONTROL_TIMEOUT})
 */
public record HazelcastSettings(
    String clusterName,
    boolean client,
    List<String> addresses,
    List<String> members,
    int port,
    boolean portAutoIncrement,
    String networkInterface,
    @Nullable Path configFile,
    Duration heartbeatInterval,
    Duration maxNoHeartbeat,
    int backupCount,
    int stripes,
    int stripeCapacity,
    int subscriberBuffer,
    Duration controlTimeout) {

  public static final String PREFIX = "council.hazelcast.";
  public static final String CLUSTER_NAME = PREFIX + "cluster-name";
  public static final String CLIENT = PREFIX + "client";
  public static final String ADDRESSES = PREFIX + "addresses";
  public static final String MEMBERS = PREFIX + "members";
  public static final String PORT = PREFIX + "port";
  public static final String PORT_AUTO_INCREMENT = PREFIX + "port-auto-increment";
  public static final String INTERFACE = PREFIX + "interface";
  public static final String CONFIG_FILE = PREFIX + "config-file";
  public static final String HEARTBEAT_INTERVAL = PREFIX + "heartbeat-interval";
  public static final String MAX_NO_HEARTBEAT = PREFIX + "max-no-heartbeat";
  public static final String BACKUP_COUNT = PREFIX + "backup-count";
  public static final String STRIPES = PREFIX + "pubsub.stripes";
  public static final String STRIPE_CAPACITY = PREFIX + "pubsub.stripe-capacity";
  public static final String SUBSCRIBER_BUFFER = PREFIX + "pubsub.subscriber-buffer";
  public static final String CONTROL_TIMEOUT = PREFIX + "control-timeout";

  public static final String DEFAULT_CLUSTER_NAME = "council";
  public static final String DEFAULT_ADDRESS = "127.0.0.1:5701";
  public static final String DEFAULT_MEMBER = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;
  public static final String DEFAULT_INTERFACE = "127.0.0.1";
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_NO_HEARTBEAT = Duration.ofSeconds(5);
  public static final int DEFAULT_BACKUP_COUNT = 1;
  public static final int DEFAULT_STRIPES = 8;
  public static final int DEFAULT_STRIPE_CAPACITY = 4_096;
  public static final int DEFAULT_SUBSCRIBER_BUFFER = 10_000;
  public static final Duration DEFAULT_CONTROL_TIMEOUT = Duration.ofSeconds(10);

  public HazelcastSettings {
    Objects.requireNonNull(clusterName, "clusterName");
    addresses = List.copyOf(addresses);
    members = List.copyOf(members);
    Objects.requireNonNull(networkInterface, "networkInterface");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(maxNoHeartbeat, "maxNoHeartbeat");
    Objects.requireNonNull(controlTimeout, "controlTimeout");
  }

  /**
   * Reads the settings, applying defaults.
   *
   * @throws ConfigException listing every malformed or out-of-range value at once
   */
  public static HazelcastSettings from(CouncilConfig config) {
    Reader r = new Reader(config);
    config.validate(List.of(r::readFlags, r::readPort, r::readDurations, r::readCounts, r::readConfigFile));
    return new HazelcastSettings(
        config.getString(CLUSTER_NAME, DEFAULT_CLUSTER_NAME),
        r.client,
        list(config.getString(ADDRESSES, DEFAULT_ADDRESS)),
        list(config.getString(MEMBERS, DEFAULT_MEMBER)),
        r.port,
        r.portAutoIncrement,
        config.getString(INTERFACE, DEFAULT_INTERFACE),
        r.configFile,
        r.heartbeatInterval,
        r.maxNoHeartbeat,
        r.backupCount,
        r.stripes,
        r.stripeCapacity,
        r.subscriberBuffer,
        r.controlTimeout);
  }

  /**
   * What identifies the Hazelcast instance these settings start: settings with the same identity share
   * one instance in a JVM.
   */
  String identity() {
    return client
        ? "client|" + clusterName + "|" + addresses
        : "member|" + clusterName + "|" + (configFile != null ? configFile.toAbsolutePath() : members + "|" + port
            + "|" + networkInterface);
  }

  private static List<String> list(String commaList) {
    return Arrays.stream(commaList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /** Collects values while {@link CouncilConfig#validate} gathers the problems. */
  private static final class Reader {
    private final CouncilConfig config;
    private boolean client;
    private boolean portAutoIncrement = true;
    private int port = DEFAULT_PORT;
    private @Nullable Path configFile;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration maxNoHeartbeat = DEFAULT_MAX_NO_HEARTBEAT;
    private Duration controlTimeout = DEFAULT_CONTROL_TIMEOUT;
    private int backupCount = DEFAULT_BACKUP_COUNT;
    private int stripes = DEFAULT_STRIPES;
    private int stripeCapacity = DEFAULT_STRIPE_CAPACITY;
    private int subscriberBuffer = DEFAULT_SUBSCRIBER_BUFFER;

    Reader(CouncilConfig config) {
      this.config = config;
    }

    void readFlags() {
      config.validate(List.of(
          () -> client = config.getBoolean(CLIENT, false),
          () -> portAutoIncrement = config.getBoolean(PORT_AUTO_INCREMENT, true)));
    }

    void readPort() {
      port = config.getInt(PORT, DEFAULT_PORT);
      if (port < 1 || port > 65_535) {
        throw outOfRange(PORT, "a port number from 1 to 65535");
      }
    }

    void readDurations() {
      config.validate(List.of(
          () -> heartbeatInterval = wholeSeconds(HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL),
          () -> maxNoHeartbeat = wholeSeconds(MAX_NO_HEARTBEAT, DEFAULT_MAX_NO_HEARTBEAT),
          () -> {
            controlTimeout = config.getDuration(CONTROL_TIMEOUT, DEFAULT_CONTROL_TIMEOUT);
            if (controlTimeout.isZero() || controlTimeout.isNegative()) {
              throw outOfRange(CONTROL_TIMEOUT, "a positive duration such as 10s");
            }
          }));
      if (maxNoHeartbeat.compareTo(heartbeatInterval) <= 0) {
        throw outOfRange(MAX_NO_HEARTBEAT, "longer than " + HEARTBEAT_INTERVAL + " (" + heartbeatInterval.toSeconds()
            + "s), e.g. 5s");
      }
    }

    void readCounts() {
      config.validate(List.of(
          () -> backupCount = bounded(BACKUP_COUNT, DEFAULT_BACKUP_COUNT, 0, 6),
          () -> stripes = bounded(STRIPES, DEFAULT_STRIPES, 1, 1_024),
          () -> stripeCapacity = bounded(STRIPE_CAPACITY, DEFAULT_STRIPE_CAPACITY, 16, 10_000_000),
          () -> subscriberBuffer = bounded(SUBSCRIBER_BUFFER, DEFAULT_SUBSCRIBER_BUFFER, 1, 10_000_000)));
    }

    void readConfigFile() {
      configFile = config.get(CONFIG_FILE).map(Path::of).orElse(null);
      if (configFile != null && !Files.isReadable(configFile)) {
        throw outOfRange(CONFIG_FILE, "a readable hazelcast.yaml or hazelcast.xml file (" + configFile.toAbsolutePath()
            + " cannot be read)");
      }
    }

    private Duration wholeSeconds(String key, Duration fallback) {
      Duration d = config.getDuration(key, fallback);
      if (d.toSeconds() < 1 || d.toSeconds() > 3_600 || d.toMillis() % 1_000 != 0) {
        throw outOfRange(key, "a whole number of seconds from 1s to 1h (Hazelcast counts these in seconds)");
      }
      return d;
    }

    private int bounded(String key, int fallback, int min, int max) {
      int v = config.getInt(key, fallback);
      if (v < min || v > max) {
        throw outOfRange(key, "a whole number from " + min + " to " + max);
      }
      return v;
    }

    private ConfigException outOfRange(String key, String expected) {
      return config.invalid(key, expected);
    }
  }
}
