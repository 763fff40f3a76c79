package dev.council.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock read from {@link System#nanoTime()}: it starts at the wall-clock time of its creation and
 * then advances monotonically with nanosecond resolution. Given to an engine, it stamps events on the same
 * time base as {@link #nanos()}, so a listener can measure emit-to-delivery latency as {@code nanos() -
 * nanosOf(event.timestamp())} without wall-clock steps or the wall clock's coarser resolution.
 *
 * <p>Immutable and thread-safe.
 */
public final class MonotonicClock extends Clock {
  private final long originEpochNanos;
  private final long originNanoTime;

  public MonotonicClock() {
    Instant now = Instant.now();
    this.originEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    this.originNanoTime = System.nanoTime();
  }

  /** Nanoseconds since the epoch on this clock's time base. */
  public long nanos() {
    return originEpochNanos + (System.nanoTime() - originNanoTime);
  }

  /** Nanoseconds since the epoch of {@code instant} (an instant of this clock, or any other near now). */
  public static long nanosOf(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock; it is always in UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    long n = nanos();
    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }
}
