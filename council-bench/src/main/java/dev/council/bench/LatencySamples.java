package dev.council.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded record of latencies for percentiles, without a histogram library: the latest {@value #CAPACITY}
 * samples of the current window are kept in a ring, and {@link #snapshot()} sorts a copy. {@link #count()}
 * counts every sample of the window, kept or not.
 *
 * <p>Thread-safe and lock-free for {@link #record}: any number of threads may record at once (a slot may
 * rarely be overwritten by a concurrent writer after the ring wrapped, which a percentile does not notice).
 * {@link #reset()} and {@link #snapshot()} are meant for one coordinating thread between windows.
 */
public final class LatencySamples {
  /** Samples kept per window (8 MB). */
  public static final int CAPACITY = 1 << 20;

  private final long[] samples = new long[CAPACITY];
  private final AtomicLong count = new AtomicLong();

  /** Adds one latency in nanoseconds. */
  public void record(long nanos) {
    long i = count.getAndIncrement();
    samples[(int) (i & (CAPACITY - 1))] = nanos;
  }

  /** Samples recorded since the last {@link #reset()}. */
  public long count() {
    return count.get();
  }

  /** Starts a new window. */
  public void reset() {
    count.set(0);
  }

  /** Percentiles of the samples kept in this window. */
  public Stats snapshot() {
    long n = count.get();
    int kept = (int) Math.min(n, CAPACITY);
    long[] sorted = Arrays.copyOf(samples, kept);
    Arrays.sort(sorted);
    return new Stats(n, kept, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999),
        kept == 0 ? Double.NaN : sorted[kept - 1]);
  }

  private static double at(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)];
  }

  /**
   * Percentiles of one window, in nanoseconds (NaN when no sample was kept).
   *
   * @param count samples recorded in the window
   * @param kept samples the percentiles are computed from (the latest {@link #CAPACITY})
   */
  public record Stats(long count, int kept, double p50, double p99, double p999, double max) {}
}
