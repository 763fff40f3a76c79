package dev.council.engine.internal.run;

import dev.council.engine.internal.support.Durations;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time limit of one attempt: interrupts the member's thread when the limit passes (which aborts
 * the provider's HTTP request), and tells a timeout apart from other interrupts. Not reusable.
 */
final class AttemptGuard implements AutoCloseable {
  private static final int RUNNING = 0;
  private static final int DONE = 1;
  private static final int TIMED_OUT = 2;

  private final AtomicInteger state = new AtomicInteger(RUNNING);
  private final Thread thread;
  private final ScheduledFuture<?> timer;

  AttemptGuard(Thread thread, java.time.Duration limit, ScheduledExecutorService scheduler) {
    this.thread = thread;
    this.timer = scheduler.schedule(this::fire, Durations.saturatedNanos(limit), TimeUnit.NANOSECONDS);
  }

  private void fire() {
    if (state.compareAndSet(RUNNING, TIMED_OUT)) {
      thread.interrupt();
    }
  }

  boolean timedOut() {
    return state.get() == TIMED_OUT;
  }

  /** Ends the attempt; clears the interrupt the timer may have raised. Call on the guarded thread. */
  @Override
  public void close() {
    if (!state.compareAndSet(RUNNING, DONE)) {
      Thread.interrupted();
    }
    timer.cancel(false);
  }
}
