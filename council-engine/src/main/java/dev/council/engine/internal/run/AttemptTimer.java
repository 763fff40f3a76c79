package dev.council.engine.internal.run;

import dev.council.engine.internal.support.Durations;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The time limits of member-call attempts, grouped by deadline: guards whose deadlines fall into the same
 * {@link #TICK} window share one task on the scheduler, so a burst of attempts costs one timer-queue entry
 * per window instead of one per attempt, and ending an attempt unlinks its guard from its window's list
 * (a few pointer writes under the window's lock, no allocation) instead of removing it from the
 * scheduler's queue under the queue's lock. A guard fires after its deadline, never before,
 * and at most one tick (plus the scheduler's own delay) after it.
 *
 * <p>Thread-safe. Holds no thread of its own: windows fire on the scheduler it is given.
 */
final class AttemptTimer {
  /** The width of a deadline window: how much later than its deadline a guard may fire. */
  static final Duration TICK = Duration.ofMillis(10);
  private static final long TICK_NANOS = TICK.toNanos();

  private final Scheduler scheduler;
  private final LongSupplier nanoTime;
  /** Deadlines are counted in nanoseconds from here, so they never wrap around. */
  private final long origin;
  private final ConcurrentHashMap<Long, Window> windows = new ConcurrentHashMap<>();
  /** The window used last: the attempts of a burst share it and find it without a map look-up. */
  private volatile Window recent = new Window(-1);

  /** @param scheduler fires the windows; should be a single, dedicated thread */
  AttemptTimer(ScheduledExecutorService scheduler) {
    this((task, delayNanos) -> scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS), System::nanoTime);
  }

  /**
   * @param scheduler runs a window's task after a delay
   * @param nanoTime the time source, as {@link System#nanoTime()}
   */
  AttemptTimer(Scheduler scheduler, LongSupplier nanoTime) {
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
    this.origin = nanoTime.getAsLong();
  }

  /** Runs a task once after a delay; may throw {@link RejectedExecutionException} when shut down. */
  @FunctionalInterface
  interface Scheduler {
    void schedule(Runnable task, long delayNanos);
  }

  /**
   * Starts guarding an attempt on {@code thread} that may take {@code limit} at most; a limit too long to
   * count in nanoseconds saturates (it never fires).
   */
  Guard guard(Thread thread, Duration limit) {
    long now = nanoTime.getAsLong() - origin;
    long nanos = Durations.saturatedNanos(limit);
    long deadline = nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
    long slot = deadline / TICK_NANOS + 1;
    Window window = recent;
    if (window.slot != slot) {
      window = windows.computeIfAbsent(slot, this::open);
      recent = window;
    }
    Guard guard = new Guard(thread, window);
    if (!window.add(guard)) {
      guard.fire(); // the window's time came before this guard could join it
    }
    return guard;
  }

  /** The number of windows waiting to fire (for tests). */
  int pendingWindows() {
    return windows.size();
  }

  private Window open(long slot) {
    Window window = new Window(slot);
    long fireAt = slot > Long.MAX_VALUE / TICK_NANOS ? Long.MAX_VALUE : slot * TICK_NANOS;
    long delay = Math.max(0, fireAt - (nanoTime.getAsLong() - origin));
    try {
      scheduler.schedule(() -> fire(window), delay);
    } catch (RejectedExecutionException e) {
      // the engine is closing: its runs are being terminated, and nothing is left to time out
    }
    return window;
  }

  private void fire(Window window) {
    windows.remove(window.slot, window);
    window.fire();
  }

  /**
   * The guards whose deadlines fall into one tick: they fire together at its end. The open ones are a
   * doubly linked list through their own fields, guarded by the window's lock: joining and leaving cost
   * a few pointer writes and allocate nothing (a concurrent set allocated a node per guard and resized
   * its table while a burst of attempts joined one window).
   */
  private static final class Window {
    final long slot;
    private @Nullable Guard head;
    private boolean fired;

    Window(long slot) {
      this.slot = slot;
    }

    /** Links an open guard in; false when the window already fired (the caller fires the guard). */
    synchronized boolean add(Guard guard) {
      if (fired) {
        return false;
      }
      guard.next = head;
      if (head != null) {
        head.prev = guard;
      }
      head = guard;
      guard.linked = true;
      return true;
    }

    /** Unlinks a guard that ended; nothing when the window fired meanwhile. */
    synchronized void remove(Guard guard) {
      if (!guard.linked) {
        return;
      }
      Guard prev = guard.prev;
      Guard next = guard.next;
      if (prev == null) {
        head = next;
      } else {
        prev.next = next;
      }
      if (next != null) {
        next.prev = prev;
      }
      guard.prev = null;
      guard.next = null;
      guard.linked = false;
    }

    /** Fires every open guard and refuses later ones. */
    synchronized void fire() {
      fired = true;
      for (Guard g = head; g != null; ) {
        Guard next = g.next;
        g.prev = null;
        g.next = null;
        g.linked = false;
        g.fire();
        g = next;
      }
      head = null;
    }
  }

  /**
   * The time limit of one attempt: interrupts the member's thread when the limit passes (which aborts the
   * provider's HTTP request), and tells a timeout apart from other interrupts. Not reusable.
   */
  static final class Guard implements AutoCloseable {
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int TIMED_OUT = 2;

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Thread thread;
    private final Window window;
    /** The window's list links; read and written under the window's lock only. */
    private @Nullable Guard prev;
    private @Nullable Guard next;
    private boolean linked;

    private Guard(Thread thread, Window window) {
      this.thread = thread;
      this.window = window;
    }

    private void fire() {
      if (state.compareAndSet(RUNNING, TIMED_OUT)) {
        thread.interrupt();
      }
    }

    /** Whether the limit passed before {@link #close()}. */
    boolean timedOut() {
      return state.get() == TIMED_OUT;
    }

    /** Ends the attempt; clears the interrupt the timer may have raised. Call on the guarded thread. */
    @Override
    public void close() {
      if (!state.compareAndSet(RUNNING, DONE)) {
        Thread.interrupted();
      }
      window.remove(this);
    }
  }
}
