package dev.council.engine.internal.support;

import java.time.Duration;
import java.time.Instant;

/**
 * Duration arithmetic that saturates instead of overflowing: a duration too long to count in nanoseconds
 * (such as {@code Duration.ofSeconds(Long.MAX_VALUE)}) means "practically forever", never an {@link
 * ArithmeticException} inside a run. Every conversion of a configured or user-given duration to nanoseconds,
 * a deadline or a sum goes through here.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {
  private Durations() {}

  /**
   * {@code d} in nanoseconds, clamped to {@code [0, Long.MAX_VALUE]}: negative durations count as zero,
   * durations beyond about 292 years as {@link Long#MAX_VALUE}.
   */
  public static long saturatedNanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    return d.toNanos();
  }

  /**
   * The {@link System#nanoTime()} value {@code timeout} after {@code nowNanos}, saturated so a deadline far
   * in the future stays far in the future. Compare with {@link #nanosLeft}.
   */
  public static long deadlineNanos(long nowNanos, Duration timeout) {
    long add = saturatedNanos(timeout);
    long max = Long.MAX_VALUE / 2;
    return nowNanos + Math.min(add, max);
  }

  /** Nanoseconds from {@code nowNanos} until {@code deadlineNanos}, zero when it passed. */
  public static long nanosLeft(long deadlineNanos, long nowNanos) {
    return Math.max(0, deadlineNanos - nowNanos);
  }

  /** {@code d} as a duration no longer than {@link #saturatedNanos} can count, never negative. */
  public static Duration saturated(Duration d) {
    if (!d.isNegative() && d.getSeconds() < Long.MAX_VALUE / 1_000_000_000L) {
      return d; // already countable: the same instance, no copy
    }
    return Duration.ofNanos(saturatedNanos(d));
  }

  /** {@code a + b}, saturated at the longest duration there is instead of overflowing. */
  public static Duration plus(Duration a, Duration b) {
    try {
      return a.plus(b);
    } catch (ArithmeticException e) {
      return b.isNegative() ? Duration.ofSeconds(Long.MIN_VALUE) : Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    }
  }

  /** {@code at + d}, saturated at {@link Instant#MAX} (or {@link Instant#MIN}) instead of failing. */
  public static Instant plus(Instant at, Duration d) {
    try {
      return at.plus(d);
    } catch (java.time.DateTimeException | ArithmeticException e) {
      return d.isNegative() ? Instant.MIN : Instant.MAX;
    }
  }
}
