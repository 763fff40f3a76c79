package dev.council.spring.boot.autoconfigure;

import dev.council.api.FailureMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The common {@code council.*} properties, typed so that Spring validates them at start-up (a malformed
 * value fails start-up naming the property) and IDEs complete them from the generated metadata.
 *
 * <p>These are not the only keys the engine reads: every {@code council.*} property of the Spring
 * {@code Environment} (application.yml, profiles, system properties, environment variables with Spring's
 * relaxed names) is handed to the engine's {@link dev.council.api.config.CouncilConfig} as it is, so any key
 * documented for the engine or a plugin works here too. Unset values take the engine's defaults; the
 * defaults named below are the engine's.
 *
 * <p>Immutable and thread-safe. Null means "not set" for every nullable component.
 *
 * @param mode {@code single-node} (default) or {@code multi-node} (clustered: pubsub and registry
 *     {@code hazelcast}, the application's {@code HazelcastInstance} bean is used when there is one)
 * @param pubsub the pubsub plugin ({@code local}, {@code hazelcast}); default by mode
 * @param registry the run-registry plugin; default by mode
 * @param recorder the recorder plugin: {@code none} (default), {@code jdbi} (PostgreSQL; with a
 *     {@code DataSource} bean in the context, connections come from it), {@code hazelcast}
 * @param tracers tracer plugins enabled, in order (e.g. {@code verbose}, {@code opentelemetry})
 * @param nodeId this node's id, recorded as the owner of its runs (default {@code local})
 * @param reapAfter how long a finished run stays queryable (default 60s)
 * @param reapMax at most this many finished runs stay queryable (default 10000)
 * @param recovery start-up recovery of runs this node left unfinished
 * @param failover clustered failover of runs a departed node left unfinished
 * @param shutdown engine shutdown
 * @param defaults defaults of members and rounds that set none
 * @param limits council size limits
 * @param providers provider endpoints by id ({@code council.providers.<id>.*})
 * @param jdbc the PostgreSQL connection of the {@code jdbi} recorder when the context has no
 *     {@code DataSource}
 * @param spring what this Spring Boot integration adds: councils location, SSE behaviour
 */
@ConfigurationProperties("council")
public record CouncilProperties(
    @Nullable Mode mode,
    @Nullable String pubsub,
    @Nullable String registry,
    @Nullable String recorder,
    @Nullable List<String> tracers,
    @Nullable String nodeId,
    @Nullable Duration reapAfter,
    @Nullable Integer reapMax,
    @Nullable Recovery recovery,
    @Nullable Failover failover,
    @DefaultValue Shutdown shutdown,
    @DefaultValue Defaults defaults,
    @DefaultValue Limits limits,
    @Nullable Map<String, Provider> providers,
    @DefaultValue Jdbc jdbc,
    @DefaultValue Spring spring) {

  /** Whether runs live in this JVM only or are shared across a cluster ({@code council.mode}). */
  public enum Mode {
    /** Runs live in this JVM. */
    SINGLE_NODE,
    /** Runs are shared across a Hazelcast cluster. */
    MULTI_NODE
  }

  /** Start-up recovery ({@code council.recovery}). */
  public enum Recovery {
    /** Leave unfinished runs alone. */
    OFF,
    /** Mark this node's unfinished runs {@code STUCK}. */
    MARK_STUCK,
    /** Resume this node's unfinished runs from the recorder's journal (needs a persistent recorder). */
    RESUME
  }

  /** Clustered failover ({@code council.failover}). */
  public enum Failover {
    /** No failover. */
    OFF,
    /** Resume runs a departed node left unfinished (needs a shared recorder). */
    ADOPT
  }

  /**
   * Engine shutdown.
   *
   * @param drain how long runs in flight may go on when the application context closes, before the rest
   *     are stopped as resumable (default 0s: stop them at once)
   */
  public record Shutdown(@Nullable Duration drain) {}

  /**
   * Defaults for members and rounds that set none.
   *
   * @param memberTimeout per-attempt member timeout (default 30s)
   * @param profile the profile members use when neither they nor their council name one
   * @param failureMode the round failure mode (default {@code continue})
   * @param retry the member retry policy
   */
  public record Defaults(@Nullable Duration memberTimeout, @Nullable String profile,
      @Nullable FailureMode failureMode, @DefaultValue Retry retry) {}

  /**
   * The member retry policy.
   *
   * @param maxAttempts attempts per member call, at most 100
   * @param baseBackoff the first wait between attempts
   */
  public record Retry(@Nullable Integer maxAttempts, @Nullable Duration baseBackoff) {}

  /**
   * Council size limits.
   *
   * @param maxSubCouncilDepth how deep sub-councils may nest (default 16, at most 256)
   * @param maxExpandedSeats member seats a council may hold with sub-councils expanded (default 10000)
   */
  public record Limits(@Nullable Integer maxSubCouncilDepth, @Nullable Integer maxExpandedSeats) {}

  /**
   * A provider endpoint ({@code council.providers.<id>.*}); other keys of the provider type work too.
   *
   * @param type the adapter: {@code openai}, {@code claude}, {@code gemini}, {@code ollama},
   *     {@code simulated}, ...
   * @param baseUrl the endpoint's base URL
   * @param apiKey the API key itself (prefer {@code api-key-env})
   * @param apiKeyEnv the environment variable holding the API key
   * @param maxConcurrent how many calls may be in flight at once
   * @param readTimeout how long to wait for response data
   * @param latency ({@code simulated}) the wait before each answer
   * @param chunkDelay ({@code simulated}) the wait before each streamed word
   */
  public record Provider(@Nullable String type, @Nullable String baseUrl, @Nullable String apiKey,
      @Nullable String apiKeyEnv, @Nullable Integer maxConcurrent, @Nullable Duration readTimeout,
      @Nullable Duration latency, @Nullable Duration chunkDelay) {}

  /**
   * The {@code jdbi} recorder's own connection, used only when the context has no {@code DataSource}.
   *
   * @param url the PostgreSQL JDBC URL
   * @param user the database user
   * @param password the database password
   */
  public record Jdbc(@Nullable String url, @Nullable String user, @Nullable String password) {}

  /**
   * What the Spring Boot integration adds.
   *
   * @param councils where council JSON files are loaded from
   * @param sse Server-Sent Events behaviour
   */
  public record Spring(@DefaultValue("classpath*:councils/*.json") String councils, @DefaultValue Sse sse) {}

  /**
   * Server-Sent Events behaviour of the SSE helpers.
   *
   * @param cancelOnDisconnect cancel a run when its last viewer disconnects and none reconnects within
   *     {@code disconnectGrace}
   * @param disconnectGrace how long a run waits for a viewer to reconnect (with {@code Last-Event-ID})
   *     before it is cancelled
   * @param timeout how long one SSE response may stay open
   * @param heartbeat how often an idle stream sends a comment, which also detects clients that left
   * @param reconnect the reconnection delay advised to browsers ({@code retry:} field)
   * @param replayRuns how many recent runs keep their events for {@code Last-Event-ID} replay
   * @param replayRetention how long a finished run's events stay for replay
   */
  public record Sse(
      @DefaultValue("true") boolean cancelOnDisconnect,
      @DefaultValue("3s") Duration disconnectGrace,
      @DefaultValue("30m") Duration timeout,
      @DefaultValue("15s") Duration heartbeat,
      @DefaultValue("1s") Duration reconnect,
      @DefaultValue("1000") int replayRuns,
      @DefaultValue("60s") Duration replayRetention) {

    /**
     * @throws IllegalArgumentException naming the property when a value is out of range
     */
    public Sse {
      requirePositive(timeout, "council.spring.sse.timeout");
      requirePositive(heartbeat, "council.spring.sse.heartbeat");
      if (disconnectGrace.isNegative()) {
        throw new IllegalArgumentException("council.spring.sse.disconnect-grace is " + disconnectGrace
            + " but must be 0s or more");
      }
      if (replayRuns < 1) {
        throw new IllegalArgumentException("council.spring.sse.replay-runs is " + replayRuns
            + " but must be at least 1");
      }
    }

    private static void requirePositive(Duration d, String property) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(property + " is " + d + " but must be more than 0s");
      }
    }
  }
}
