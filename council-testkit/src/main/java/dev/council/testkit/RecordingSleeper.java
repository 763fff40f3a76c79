package dev.council.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A sleeper that does not sleep: it records each wait it is asked for and returns at once, so retry and
 * back-off code runs instantly and the test can assert the delays. Given a {@link ManualClock}, it also
 * moves that clock by each wait, so code that sleeps and then reads the time sees the wait pass.
 *
 * <p>Its {@link #sleep} has the shape of the engine's {@code Sleeper}; pass it as a method reference:
 * {@code CouncilEngine.builder().sleeper(sleeper::sleep)}. Like a real sleep it is interruptible: a
 * thread that is interrupted when it calls {@link #sleep} gets an {@link InterruptedException} (its
 * interrupt status cleared, as {@link Thread#sleep} does) and nothing is recorded.
 *
 * <p>Thread-safe; {@link #sleeps()} is a snapshot in call order.
 */
public final class RecordingSleeper {
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final @Nullable ManualClock clock;

  /** A sleeper that only records. */
  public RecordingSleeper() {
    this.clock = null;
  }

  /** A sleeper that records and advances {@code clock} by each wait. */
  public RecordingSleeper(ManualClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records {@code duration} (and advances the clock, if there is one) without waiting.
   *
   * @throws InterruptedException when the calling thread is interrupted
   */
  public void sleep(Duration duration) throws InterruptedException {
    Objects.requireNonNull(duration, "duration");
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before a sleep of " + duration);
    }
    sleeps.add(duration);
    if (clock != null && !duration.isNegative()) {
      clock.advance(duration);
    }
  }

  /** Every wait asked for so far, in order; an unmodifiable snapshot. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** The sum of every wait asked for so far. */
  public Duration total() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
