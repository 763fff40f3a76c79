package dev.council.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How often a member call is attempted and how long to wait between attempts. Backoff is exponential
 * ({@code baseBackoff * 2^(attempt-1)}, capped at {@code maxBackoff}) with full jitter in
 * {@code [50%, 100%]} of that value; a provider's {@code Retry-After} replaces the computed delay.
 * Only {@link ErrorKind#retryable() retryable} kinds are retried.
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param baseBackoff delay before the second attempt
 * @param maxBackoff upper bound of any single delay
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) implements Serializable {
  /** Two attempts, one second apart: CouncilEx's {@code {2, 1000}}. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(30));

  /** A single attempt. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    Objects.requireNonNull(baseBackoff, "baseBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (baseBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative");
    }
  }

  public static RetryPolicy of(int maxAttempts, Duration baseBackoff) {
    return new RetryPolicy(maxAttempts, baseBackoff, DEFAULT.maxBackoff.compareTo(baseBackoff) < 0 ? baseBackoff : DEFAULT.maxBackoff);
  }

  /**
   * The delay before attempt {@code nextAttempt} (2 for the first retry), before jitter.
   */
  public Duration backoffBefore(int nextAttempt) {
    int exp = Math.max(0, Math.min(30, nextAttempt - 2));
    Duration d;
    try {
      d = baseBackoff.multipliedBy(1L << exp);
    } catch (ArithmeticException e) {
      return maxBackoff; // longer than any Duration, so longer than maxBackoff
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
