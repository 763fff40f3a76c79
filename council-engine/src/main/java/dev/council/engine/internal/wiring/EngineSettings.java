package dev.council.engine.internal.wiring;

import dev.council.api.FailureMode;
import dev.council.api.RetryPolicy;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The engine-wide settings, read from {@link CouncilConfig} and validated all at once. Immutable and
 * thread-safe; only {@code defaultProfile} may be null.
 *
 * @param mode single JVM or cluster ({@value #MODE})
 * @param pubsub the pubsub plugin name ({@value #PUBSUB})
 * @param registry the run-registry plugin name ({@value #REGISTRY})
 * @param recorder the recorder plugin name ({@value #RECORDER})
 * @param tracers the tracer plugin names enabled ({@value #TRACERS}), in order, without duplicates
 * @param memberTimeout the per-attempt member timeout when neither member nor run options set one
 * @param retry the member retry policy when neither member nor run options set one
 * @param failureMode the round failure mode when the round sets none
 * @param reapAfter how long a finished run stays queryable
 * @param nodeId this node's id, reported as a run's owner and used by the recorder's start-up recovery
 *     ({@value #NODE_ID}); by default {@value #DEFAULT_NODE_ID} in single-node mode and a generated one,
 *     unique per engine ({@link #generatedNodeId()}), in multi-node mode
 * @param defaultProfile the profile members use when neither they nor their council name one, or null
 * @param maxSubCouncilDepth how deep sub-councils may nest below the council a run starts
 *     ({@value #MAX_SUB_COUNCIL_DEPTH})
 * @param maxExpandedSeats how many member seats a council may hold with every sub-council expanded
 *     ({@value #MAX_EXPANDED_SEATS})
 * @param shutdownDrain how long closing the engine lets runs in flight finish ({@value #SHUTDOWN_DRAIN})
 */
public record EngineSettings(
    Mode mode,
    String pubsub,
    String registry,
    String recorder,
    List<String> tracers,
    Duration memberTimeout,
    RetryPolicy retry,
    FailureMode failureMode,
    Duration reapAfter,
    String nodeId,
    @Nullable String defaultProfile,
    int maxSubCouncilDepth,
    int maxExpandedSeats,
    Duration shutdownDrain) {

  public static final String MODE = "council.mode";
  public static final String PUBSUB = "council.pubsub";
  public static final String REGISTRY = "council.registry";
  public static final String RECORDER = "council.recorder";
  public static final String TRACERS = "council.tracers";
  public static final String JDBC_URL = "council.jdbc.url";
  public static final String MEMBER_TIMEOUT = "council.defaults.member-timeout";
  public static final String RETRY_MAX_ATTEMPTS = "council.defaults.retry.max-attempts";
  public static final String RETRY_BASE_BACKOFF = "council.defaults.retry.base-backoff";
  public static final String FAILURE_MODE = "council.defaults.failure-mode";
  public static final String REAP_AFTER = "council.reap-after";
  public static final String NODE_ID = "council.node-id";
  public static final String DEFAULT_PROFILE = "council.defaults.profile";
  public static final String MAX_SUB_COUNCIL_DEPTH = "council.limits.max-sub-council-depth";
  public static final String MAX_EXPANDED_SEATS = "council.limits.max-expanded-seats";
  public static final String SHUTDOWN_DRAIN = "council.shutdown.drain";
  /** The reliability store plugin name ({@value #DEFAULT_RELIABILITY_STORE} by default). */
  public static final String RELIABILITY_STORE = "council.reliability.store";
  /** The in-JVM reliability store: the default. */
  public static final String DEFAULT_RELIABILITY_STORE = "memory";

  /** In-JVM pubsub and registry: the single-node default. */
  public static final String LOCAL = "local";
  /** The clustered pubsub and registry: the multi-node default. */
  public static final String HAZELCAST = "hazelcast";
  /** The recorder that records nothing: the default unless multi-node with a JDBC URL. */
  public static final String NO_RECORDER = "none";
  /** The PostgreSQL recorder: the multi-node default when {@value #JDBC_URL} is set. */
  public static final String JDBI_RECORDER = "jdbi";
  public static final Duration DEFAULT_MEMBER_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REAP_AFTER = Duration.ofSeconds(60);
  public static final String DEFAULT_NODE_ID = "local";
  /** The default of {@value #MAX_SUB_COUNCIL_DEPTH}: a council, its sub-councils, theirs, ... 16 levels down. */
  public static final int DEFAULT_MAX_SUB_COUNCIL_DEPTH = 16;
  /** The largest {@value #MAX_SUB_COUNCIL_DEPTH} accepted; validation recurses once per level. */
  public static final int LARGEST_MAX_SUB_COUNCIL_DEPTH = 256;
  /**
   * The default of {@value #MAX_EXPANDED_SEATS}: member seats (chairs included) in a council with every
   * sub-council expanded in place, each shared sub-council counted once per seat that runs it. Depth alone
   * does not bound a run: ten members each running a ten-member sub-council, twelve levels down, is 10^12
   * member calls per round.
   */
  public static final int DEFAULT_MAX_EXPANDED_SEATS = 10_000;
  /**
   * The longest duration a council or the configuration may set for a member attempt, a tool call or a
   * retry delay. Longer values are refused: they are mistakes (milliseconds read as seconds, a
   * "forever" sentinel), and far enough out they cannot be added to a clock reading.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(1);
  /** The default of {@value #SHUTDOWN_DRAIN}: closing stops runs in flight at once (as resumable). */
  public static final Duration DEFAULT_SHUTDOWN_DRAIN = Duration.ZERO;
  /** The most attempts a retry policy may make (in a council or {@value #RETRY_MAX_ATTEMPTS}). */
  public static final int MAX_ATTEMPTS = 100;

  /** Whether runs live in this JVM only, or are shared across a cluster. */
  public enum Mode {
    SINGLE_NODE,
    MULTI_NODE
  }

  public EngineSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(pubsub, "pubsub");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(recorder, "recorder");
    tracers = List.copyOf(tracers);
    Objects.requireNonNull(memberTimeout, "memberTimeout");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(failureMode, "failureMode");
    Objects.requireNonNull(reapAfter, "reapAfter");
    Objects.requireNonNull(nodeId, "nodeId");
    if (maxSubCouncilDepth < 1 || maxSubCouncilDepth > LARGEST_MAX_SUB_COUNCIL_DEPTH) {
      throw new IllegalArgumentException("maxSubCouncilDepth must be between 1 and " + LARGEST_MAX_SUB_COUNCIL_DEPTH
          + ", was " + maxSubCouncilDepth);
    }
    if (maxExpandedSeats < 1) {
      throw new IllegalArgumentException("maxExpandedSeats must be at least 1, was " + maxExpandedSeats);
    }
    Objects.requireNonNull(shutdownDrain, "shutdownDrain");
  }

  /**
   * Reads every setting, applying defaults (some depend on the mode).
   *
   * @throws ConfigException listing every malformed or out-of-range value at once
   */
  public static EngineSettings from(CouncilConfig config) {
    Reader r = new Reader(config);
    config.validate(List.of(
        r::readMode,
        r::readMemberTimeout,
        r::readRetryAttempts,
        r::readRetryBackoff,
        r::readFailureMode,
        r::readReapAfter,
        r::readMaxSubCouncilDepth,
        r::readMaxExpandedSeats,
        r::readShutdownDrain));
    boolean multi = r.mode == Mode.MULTI_NODE;
    String clustered = multi ? HAZELCAST : LOCAL;
    String recorder = multi && config.get(JDBC_URL).isPresent() ? JDBI_RECORDER : NO_RECORDER;
    return new EngineSettings(
        r.mode,
        config.getString(PUBSUB, clustered),
        config.getString(REGISTRY, clustered),
        config.getString(RECORDER, recorder),
        config.get(TRACERS).map(EngineSettings::names).orElse(List.of()),
        r.memberTimeout,
        RetryPolicy.of(r.retryAttempts, r.retryBackoff),
        r.failureMode,
        r.reapAfter,
        config.getString(NODE_ID, multi ? generatedNodeId() : DEFAULT_NODE_ID),
        config.get(DEFAULT_PROFILE).orElse(null),
        r.maxSubCouncilDepth,
        r.maxExpandedSeats,
        r.shutdownDrain);
  }

  /**
   * A node id unique per engine, for multi-node mode when {@value #NODE_ID} is not set: {@code
   * <host>-<pid>-<4 random hex digits>}, so that two nodes of a cluster never report the same owner and
   * never recover each other's runs at start-up. A node that must recover its own runs after a restart
   * ({@code council.recovery}) needs a stable id set explicitly.
   */
  public static String generatedNodeId() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException | RuntimeException e) {
        host = "node";
      }
    }
    return host + "-" + ProcessHandle.current().pid() + "-"
        + String.format("%04x", java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
  }

  private static List<String> names(String commaList) {
    return Arrays.stream(commaList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /** Collects values while {@link CouncilConfig#validate} gathers the problems. */
  private static final class Reader {
    private final CouncilConfig config;
    private Mode mode = Mode.SINGLE_NODE;
    private Duration memberTimeout = DEFAULT_MEMBER_TIMEOUT;
    private int retryAttempts = RetryPolicy.DEFAULT.maxAttempts();
    private Duration retryBackoff = RetryPolicy.DEFAULT.baseBackoff();
    private FailureMode failureMode = FailureMode.CONTINUE;
    private Duration reapAfter = DEFAULT_REAP_AFTER;
    private int maxSubCouncilDepth = DEFAULT_MAX_SUB_COUNCIL_DEPTH;
    private int maxExpandedSeats = DEFAULT_MAX_EXPANDED_SEATS;
    private Duration shutdownDrain = DEFAULT_SHUTDOWN_DRAIN;

    private Reader(CouncilConfig config) {
      this.config = config;
    }

    void readMode() {
      mode = config.getEnum(MODE, Mode.class, Mode.SINGLE_NODE);
    }

    void readMemberTimeout() {
      Duration d = config.getDuration(MEMBER_TIMEOUT, DEFAULT_MEMBER_TIMEOUT);
      if (d.isZero() || d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
        throw outOfRange(MEMBER_TIMEOUT, "a positive duration such as 30s, at most " + MAX_DURATION.toHours() + "h");
      }
      memberTimeout = d;
    }

    void readRetryAttempts() {
      int attempts = config.getInt(RETRY_MAX_ATTEMPTS, RetryPolicy.DEFAULT.maxAttempts());
      if (attempts < 1) {
        throw outOfRange(RETRY_MAX_ATTEMPTS, "at least 1 (1 means no retry)");
      }
      if (attempts > MAX_ATTEMPTS) {
        throw outOfRange(RETRY_MAX_ATTEMPTS, "at most " + MAX_ATTEMPTS + " (every attempt is a paid call)");
      }
      retryAttempts = attempts;
    }

    void readRetryBackoff() {
      Duration d = config.getDuration(RETRY_BASE_BACKOFF, RetryPolicy.DEFAULT.baseBackoff());
      if (d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
        throw outOfRange(RETRY_BASE_BACKOFF, "a duration of zero or more such as 1s, at most "
            + MAX_DURATION.toHours() + "h");
      }
      retryBackoff = d;
    }

    void readFailureMode() {
      failureMode = config.getEnum(FAILURE_MODE, FailureMode.class, FailureMode.CONTINUE);
    }

    void readReapAfter() {
      Duration d = config.getDuration(REAP_AFTER, DEFAULT_REAP_AFTER);
      if (d.isNegative()) {
        throw outOfRange(REAP_AFTER, "a duration of zero or more such as 60s");
      }
      reapAfter = d;
    }

    void readMaxSubCouncilDepth() {
      int depth = config.getInt(MAX_SUB_COUNCIL_DEPTH, DEFAULT_MAX_SUB_COUNCIL_DEPTH);
      if (depth < 1 || depth > LARGEST_MAX_SUB_COUNCIL_DEPTH) {
        throw outOfRange(MAX_SUB_COUNCIL_DEPTH, "a whole number from 1 to " + LARGEST_MAX_SUB_COUNCIL_DEPTH);
      }
      maxSubCouncilDepth = depth;
    }

    void readMaxExpandedSeats() {
      int seats = config.getInt(MAX_EXPANDED_SEATS, DEFAULT_MAX_EXPANDED_SEATS);
      if (seats < 1) {
        throw outOfRange(MAX_EXPANDED_SEATS, "a whole number of at least 1");
      }
      maxExpandedSeats = seats;
    }

    void readShutdownDrain() {
      Duration d = config.getDuration(SHUTDOWN_DRAIN, DEFAULT_SHUTDOWN_DRAIN);
      if (d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
        throw outOfRange(SHUTDOWN_DRAIN, "a duration of zero or more such as 30s, at most " + MAX_DURATION.toHours()
            + "h");
      }
      shutdownDrain = d;
    }

    private ConfigException outOfRange(String key, String expected) {
      return config.invalid(key, expected);
    }
  }
}
