package dev.council.pubsub.hazelcast;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RecorderFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Creates the {@code hazelcast} {@link HazelcastRecorder}, selected by {@code council.recorder=hazelcast}.
 * The factory itself is stateless; {@link #create} joins the cluster (or reuses this JVM's instance, see
 * {@link HazelcastPubSubFactory}).
 */
public final class HazelcastRecorderFactory implements RecorderFactory {
  public static final String NAME = "hazelcast";
  /**
   * How long a finished run (completed, failed, cancelled or terminated) stays in the recorder's maps after
   * it finished: a duration from {@link #MIN_RETENTION} to {@link #MAX_RETENTION}, or {@value
   * #RETENTION_FOREVER} to keep finished runs until the cluster stops. Unfinished runs are always kept.
   */
  public static final String RETENTION = "council.recorder.hazelcast.retention";
  /** The value of {@value #RETENTION} that keeps finished runs until the cluster stops. */
  public static final String RETENTION_FOREVER = "forever";
  /** The default of {@value #RETENTION}: a day, long enough to look at or re-run yesterday's runs. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
  /** The shortest {@value #RETENTION}: Hazelcast expires entries about to the second. */
  public static final Duration MIN_RETENTION = Duration.ofSeconds(1);
  /** The longest {@value #RETENTION}; use {@value #RETENTION_FOREVER} to keep runs longer. */
  public static final Duration MAX_RETENTION = Duration.ofDays(365);

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws ConfigException when {@value #RETENTION} or a {@code council.hazelcast.*} key is malformed
   * @throws dev.council.api.CouncilException when the cluster cannot be joined or reached
   */
  @Override
  public Recorder create(CouncilConfig config) {
    Optional<Duration> retention = retention(config);
    return new HazelcastRecorder(HazelcastInstances.acquire(config), retention.orElse(null));
  }

  /**
   * The {@value #RETENTION} of {@code config}: empty for {@value #RETENTION_FOREVER}.
   *
   * @throws ConfigException naming the key when the value is not a duration in range nor {@value
   *     #RETENTION_FOREVER}
   */
  static Optional<Duration> retention(CouncilConfig config) {
    Optional<String> raw = config.get(RETENTION);
    if (raw.isEmpty()) {
      return Optional.of(DEFAULT_RETENTION);
    }
    if (raw.get().trim().toLowerCase(Locale.ROOT).equals(RETENTION_FOREVER)) {
      return Optional.empty();
    }
    Optional<Duration> retention = CouncilConfig.parseDuration(raw.get())
        .filter(d -> d.compareTo(MIN_RETENTION) >= 0 && d.compareTo(MAX_RETENTION) <= 0);
    if (retention.isEmpty()) {
      throw config.invalid(RETENTION, "a duration from 1s to 365d such as 24h, or '" + RETENTION_FOREVER
          + "' to keep finished runs until the cluster stops");
    }
    return retention;
  }
}
