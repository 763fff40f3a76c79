package dev.council.api.spi;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Learned reliability of members: how often each member's answer matched the outcome, per member and
 * feature bucket (e.g. {@code {"domain": "legal"}}). Weighted rounds and aggregators use {@link #score} as a
 * member's weight when asked to; runs record outcomes when configured, and applications record their own
 * through {@code CouncilEngine.reliability()}.
 *
 * <p>The score is the Laplace-smoothed beta mean {@code (matched + 1) / (total + 2)} of the bucket; a
 * bucket with no record has no score (cold start); the engine's rounds then weigh the member by the prior
 * {@code laplace(0, 0)} = 0.5, between members usually right and usually wrong. The bucket of a
 * feature map is {@link #bucket}: equal maps share a bucket on every node.
 *
 * <p>Implementations are thread-safe, atomic per {@link #record} (no lost updates under concurrent
 * records, across nodes for shared stores) and may block on I/O. {@link #close} releases what they own.
 */
public interface ReliabilityStore extends AutoCloseable {

  /**
   * Counts one outcome.
   *
   * @param memberId the member
   * @param features the query features the outcome belongs to (may be empty: one bucket per member)
   * @param matched whether the member's answer matched the outcome
   * @throws dev.council.api.CouncilException when a shared store cannot be written
   */
  void record(String memberId, Map<String, ?> features, boolean matched);

  /**
   * The member's reliability in the features' bucket: {@code (matched + 1) / (total + 2)}, in (0, 1);
   * empty when nothing was recorded there (or a shared store is unreachable).
   */
  OptionalDouble score(String memberId, Map<String, ?> features);

  /** Forgets every record (for tests and resets). */
  void clear();

  @Override
  default void close() {}

  /** The Laplace-smoothed beta mean of {@code matched} out of {@code total}. */
  static double laplace(long matched, long total) {
    if (matched < 0 || total < matched) {
      throw new IllegalArgumentException("need 0 <= matched <= total, got " + matched + " of " + total);
    }
    return (matched + 1.0) / (total + 2.0);
  }

  /**
   * The bucket key of a feature map: its entries sorted by key, {@code key=value} joined with {@code &},
   * keys and values percent-escaped for {@code %}, {@code =} and {@code &}. The same on every JVM; the
   * empty map is the empty string.
   */
  static String bucket(Map<String, ?> features) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, ?> e : new TreeMap<String, Object>(features).entrySet()) {
      if (!sb.isEmpty()) {
        sb.append('&');
      }
      sb.append(escape(e.getKey())).append('=').append(escape(String.valueOf(e.getValue())));
    }
    return sb.toString();
  }

  private static String escape(String s) {
    return s.replace("%", "%25").replace("=", "%3D").replace("&", "%26");
  }
}
