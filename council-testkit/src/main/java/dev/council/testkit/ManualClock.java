package dev.council.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until the test moves it: hand it to code under test (the engine's
 * {@code CouncilEngine.Builder.clock}, a recorder's or provider's clock) and {@link #advance} it to make
 * timeouts, deadlines, retention or {@code Retry-After} dates pass without waiting.
 *
 * <p>Thread-safe: the time may be read and moved from any thread, and a reader sees the latest move.
 * {@link #withZone} returns a view in another zone that shares this clock's time. Starts at
 * {@link #DEFAULT_START} unless given another instant.
 */
public final class ManualClock extends Clock {
  /** Where a clock made with {@link #ManualClock()} starts: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** A clock at {@link #DEFAULT_START}, in UTC. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /** A clock at {@code start}, in UTC. */
  public ManualClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Moves the time forward by {@code duration}.
   *
   * @return the new time
   * @throws IllegalArgumentException when {@code duration} is negative (use {@link #set} to go back)
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("cannot advance a clock by " + duration + "; use set(Instant) to go back");
    }
    return now.updateAndGet(t -> t.plus(duration));
  }

  /** Sets the time to {@code instant}, earlier or later. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new ManualClock(now, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + ", " + zone + "]";
  }
}
