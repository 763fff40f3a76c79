package dev.council.server;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.config.Secret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link CouncilServer} listens and what it allows. Immutable; read from configuration with {@link
 * #from(CouncilConfig)} ({@code council.server.*} keys, {@code COUNCIL_SERVER_*} variables) or built with
 * the {@code with} methods.
 *
 * @param port the TCP port; 0 picks a free one ({@code council.server.port}, default {@value #DEFAULT_PORT})
 * @param bind the address to listen on ({@code council.server.bind}, default {@code 127.0.0.1}); any
 *     address that is not loopback requires {@code token}
 * @param token the bearer token every API request must carry, or null for none ({@code
 *     council.server.token}, i.e. {@code COUNCIL_SERVER_TOKEN}); compared in constant time
 * @param allowInlineCouncils whether {@code POST /v1/runs} accepts a council given as JSON in the request
 *     instead of a name from the councils folder ({@code council.server.allow-inline-councils}, default false)
 * @param maxConcurrentRuns how many runs started through this server may run at once; beyond it a start
 *     gets {@code 429} ({@code council.server.max-concurrent-runs}, default {@value #DEFAULT_MAX_CONCURRENT_RUNS})
 * @param maxBodyBytes the largest request body accepted; larger ones get {@code 413} ({@code
 *     council.server.max-body-bytes}, default {@value #DEFAULT_MAX_BODY_BYTES})
 * @param retainedRuns how many finished runs keep their events in memory for {@code Last-Event-ID}
 *     resumes and replays, oldest dropped first ({@code council.server.retained-runs}, default {@value
 *     #DEFAULT_RETAINED_RUNS}); a run's events are dropped sooner when the engine reaps the run
 * @param eventsPerRun the most events kept in memory per run; a run that emits more keeps its first ones
 *     and streams the rest live only ({@code council.server.events-per-run}, default {@value
 *     #DEFAULT_EVENTS_PER_RUN})
 * @param heartbeat how often an idle event stream sends a comment line, which also notices a client that
 *     went away ({@code council.server.heartbeat}, default 15s)
 * @param streamBuffer the most events one event stream holds for its client; a client so slow that more
 *     pile up gets {@code event: end} with reason {@code slow_client} and the last seq sent, and resumes
 *     from there with {@code Last-Event-ID} ({@code council.server.stream-buffer}, default {@value
 *     #DEFAULT_STREAM_BUFFER})
 */
public record ServerConfig(
    int port,
    String bind,
    @Nullable String token,
    boolean allowInlineCouncils,
    int maxConcurrentRuns,
    long maxBodyBytes,
    int retainedRuns,
    int eventsPerRun,
    Duration heartbeat,
    int streamBuffer) {
  /** The default port. */
  public static final int DEFAULT_PORT = 8787;
  /** The default {@code max-concurrent-runs}. */
  public static final int DEFAULT_MAX_CONCURRENT_RUNS = 16;
  /** The default {@code max-body-bytes}: 1 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1_048_576;
  /** The default {@code retained-runs}. */
  public static final int DEFAULT_RETAINED_RUNS = 256;
  /** The default {@code events-per-run}. */
  public static final int DEFAULT_EVENTS_PER_RUN = 100_000;
  /** The default {@code stream-buffer}. */
  public static final int DEFAULT_STREAM_BUFFER = 4_096;
  /** The default listen address. */
  public static final String LOOPBACK = "127.0.0.1";

  /** The defaults: port {@value #DEFAULT_PORT} on 127.0.0.1, no token, named councils only. */
  public static final ServerConfig DEFAULTS = new ServerConfig(DEFAULT_PORT, LOOPBACK, null, false,
      DEFAULT_MAX_CONCURRENT_RUNS, DEFAULT_MAX_BODY_BYTES, DEFAULT_RETAINED_RUNS, DEFAULT_EVENTS_PER_RUN,
      Duration.ofSeconds(15), DEFAULT_STREAM_BUFFER);

  public ServerConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(heartbeat, "heartbeat");
    check(port >= 0 && port <= 65_535, "port", "port", "must be 0 to 65535", port);
    if (token != null && token.isBlank()) {
      token = null;
    }
    check(maxConcurrentRuns >= 1, "maxConcurrentRuns", "max-concurrent-runs", "must be at least 1", maxConcurrentRuns);
    check(maxBodyBytes >= 1, "maxBodyBytes", "max-body-bytes", "must be at least 1", maxBodyBytes);
    check(retainedRuns >= 0, "retainedRuns", "retained-runs", "must not be negative", retainedRuns);
    check(eventsPerRun >= 1, "eventsPerRun", "events-per-run", "must be at least 1", eventsPerRun);
    check(heartbeat.isPositive(), "heartbeat", "heartbeat", "must be positive", heartbeat);
    check(streamBuffer >= 1, "streamBuffer", "stream-buffer", "must be at least 1", streamBuffer);
  }

  /**
   * The settings under {@code council.server.*} of {@code config}, defaults for the rest.
   *
   * @throws ConfigException when a value is malformed (the message names the key and the expected form)
   */
  public static ServerConfig from(CouncilConfig config) {
    String p = "council.server.";
    try {
      return fromKeys(config, p);
    } catch (InvalidSetting e) {
      String key = p + e.key;
      throw new ConfigException(List.of(key + ": " + e.getMessage() + " (set it as system property -D" + key
          + "=..., environment variable " + CouncilConfig.envName(key) + ", or in council.properties)"));
    }
  }

  /** Refuses a component's value, naming the component and, for {@link #from}, its configuration key. */
  private static void check(boolean ok, String component, String key, String rule, Object value) {
    if (!ok) {
      throw new InvalidSetting(key, component + " " + rule + ", was " + value);
    }
  }

  /** A component out of range; {@code key} is its configuration key after {@code council.server.}. */
  private static final class InvalidSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;

    InvalidSetting(String key, String message) {
      super(message);
      this.key = key;
    }
  }

  private static ServerConfig fromKeys(CouncilConfig config, String p) {
    return new ServerConfig(
        config.getInt(p + "port", DEFAULT_PORT),
        config.getString(p + "bind", LOOPBACK),
        config.getSecret(p + "token").map(Secret::reveal).orElse(null),
        config.getBoolean(p + "allow-inline-councils", false),
        config.getInt(p + "max-concurrent-runs", DEFAULT_MAX_CONCURRENT_RUNS),
        config.getInt(p + "max-body-bytes", (int) DEFAULT_MAX_BODY_BYTES),
        config.getInt(p + "retained-runs", DEFAULT_RETAINED_RUNS),
        config.getInt(p + "events-per-run", DEFAULT_EVENTS_PER_RUN),
        config.getDuration(p + "heartbeat", Duration.ofSeconds(15)),
        config.getInt(p + "stream-buffer", DEFAULT_STREAM_BUFFER));
  }

  /** A copy listening on {@code port}. */
  public ServerConfig withPort(int port) {
    return new ServerConfig(port, bind, token, allowInlineCouncils, maxConcurrentRuns, maxBodyBytes, retainedRuns,
        eventsPerRun, heartbeat, streamBuffer);
  }

  /** A copy listening on {@code bind}. */
  public ServerConfig withBind(String bind) {
    return new ServerConfig(port, bind, token, allowInlineCouncils, maxConcurrentRuns, maxBodyBytes, retainedRuns,
        eventsPerRun, heartbeat, streamBuffer);
  }

  /** A copy requiring {@code token} (null or blank: none). */
  public ServerConfig withToken(@Nullable String token) {
    return new ServerConfig(port, bind, token, allowInlineCouncils, maxConcurrentRuns, maxBodyBytes, retainedRuns,
        eventsPerRun, heartbeat, streamBuffer);
  }

  /** A copy that does or does not accept inline councils. */
  public ServerConfig withAllowInlineCouncils(boolean allow) {
    return new ServerConfig(port, bind, token, allow, maxConcurrentRuns, maxBodyBytes, retainedRuns, eventsPerRun,
        heartbeat, streamBuffer);
  }

  /** A copy with this cap on concurrent runs. */
  public ServerConfig withMaxConcurrentRuns(int max) {
    return new ServerConfig(port, bind, token, allowInlineCouncils, max, maxBodyBytes, retainedRuns, eventsPerRun,
        heartbeat, streamBuffer);
  }

  /** A copy with this request body limit. */
  public ServerConfig withMaxBodyBytes(long max) {
    return new ServerConfig(port, bind, token, allowInlineCouncils, maxConcurrentRuns, max, retainedRuns,
        eventsPerRun, heartbeat, streamBuffer);
  }

  /** A copy keeping the events of this many finished runs in memory. */
  public ServerConfig withRetainedRuns(int retained) {
    return new ServerConfig(port, bind, token, allowInlineCouncils, maxConcurrentRuns, maxBodyBytes, retained,
        eventsPerRun, heartbeat, streamBuffer);
  }

  /** A copy keeping at most this many events per run in memory. */
  public ServerConfig withEventsPerRun(int events) {
    return new ServerConfig(port, bind, token, allowInlineCouncils, maxConcurrentRuns, maxBodyBytes, retainedRuns,
        events, heartbeat, streamBuffer);
  }

  /** A copy with this heartbeat interval. */
  public ServerConfig withHeartbeat(Duration heartbeat) {
    return new ServerConfig(port, bind, token, allowInlineCouncils, maxConcurrentRuns, maxBodyBytes, retainedRuns,
        eventsPerRun, heartbeat, streamBuffer);
  }

  /** A copy whose event streams each hold at most this many events for their client. */
  public ServerConfig withStreamBuffer(int events) {
    return new ServerConfig(port, bind, token, allowInlineCouncils, maxConcurrentRuns, maxBodyBytes, retainedRuns,
        eventsPerRun, heartbeat, events);
  }

  /** Whether {@link #bind} is a loopback address (then no token is required). */
  public boolean loopback() {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "ServerConfig[port=" + port + ", bind=" + bind + ", token=" + (token == null ? "none" : "****")
        + ", allowInlineCouncils=" + allowInlineCouncils + ", maxConcurrentRuns=" + maxConcurrentRuns
        + ", maxBodyBytes=" + maxBodyBytes + ", retainedRuns=" + retainedRuns + ", eventsPerRun=" + eventsPerRun
        + ", heartbeat=" + heartbeat + ", streamBuffer=" + streamBuffer + "]";
  }
}
