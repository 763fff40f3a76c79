package dev.council.engine.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attempt timer against a clock and a scheduler the test drives: when each window is due, which guards
 * fire, and that deadlines far away saturate instead of overflowing.
 */
class AttemptTimerTest {
  private static final long TICK = AttemptTimer.TICK.toNanos();

  private final AtomicLong now = new AtomicLong(1_000_000_007L);
  private final List<Scheduled> scheduled = new ArrayList<>();
  private final AttemptTimer timer = new AttemptTimer(
      (task, delay) -> scheduled.add(new Scheduled(task, now.get() + delay, delay)), now::get);
  private final List<Thread> parked = new ArrayList<>();

  private record Scheduled(Runnable task, long at, long delay) {}

  @AfterEach
  void stopThreads() throws InterruptedException {
    for (Thread t : parked) {
      t.interrupt();
      t.join();
    }
  }

  @Test
  void aWindowIsDueAfterEveryDeadlineInItAndAtMostOneTickAfterAny() {
    long[] limitsMillis = {0, 1, 9, 10, 11, 25, 1_000, 60_000};
    for (long millis : limitsMillis) {
      long start = now.get();
      int before = scheduled.size();
      timer.guard(idleThread(), Duration.ofMillis(millis));
      long deadline = start + TimeUnit.MILLISECONDS.toNanos(millis);
      Scheduled window = scheduled.get(scheduled.size() - 1);
      assertThat(scheduled.size()).as("a window per distinct deadline").isEqualTo(before + 1);
      assertThat(window.at()).as("due at or after the deadline of a %d ms limit", millis)
          .isGreaterThanOrEqualTo(deadline)
          .isLessThanOrEqualTo(deadline + TICK);
      now.addAndGet(TICK * 100 + TICK * 3 / 7); // a later window, at another offset within its tick
    }
  }

  @Test
  void guardsWithDeadlinesInOneTickShareOneScheduledTask() {
    for (int i = 0; i < 100; i++) {
      timer.guard(idleThread(), Duration.ofSeconds(5));
    }

    assertThat(scheduled).hasSize(1);
    assertThat(timer.pendingWindows()).isEqualTo(1);
  }

  @Test
  void aDueWindowInterruptsTheThreadsOfOpenGuardsOnly() {
    Thread open = idleThread();
    Thread closedEarly = idleThread();
    AttemptTimer.Guard timingOut = timer.guard(open, Duration.ofMillis(50));
    AttemptTimer.Guard finished = timer.guard(closedEarly, Duration.ofMillis(50));
    finished.close();

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(60));
    scheduled.get(0).task().run();

    assertThat(timingOut.timedOut()).isTrue();
    assertThat(finished.timedOut()).isFalse();
    assertThat(awaitInterrupted(open)).isTrue();
    assertThat(closedEarly.isInterrupted()).isFalse();
    assertThat(timer.pendingWindows()).isZero();
  }

  @Test
  void guardsClosedAnywhereInAWindowLeaveItAndOnlyTheOpenOnesFire() {
    List<Thread> threads = new ArrayList<>();
    List<AttemptTimer.Guard> guards = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Thread t = idleThread();
      threads.add(t);
      guards.add(timer.guard(t, Duration.ofMillis(50)));
    }
    java.util.Random random = new java.util.Random(7);
    java.util.Set<Integer> closed = new java.util.TreeSet<>(List.of(0, 39)); // the first and the last joined
    while (closed.size() < 25) {
      closed.add(random.nextInt(40));
    }
    List<Integer> order = new ArrayList<>(closed);
    java.util.Collections.shuffle(order, random);
    for (int i : order) {
      guards.get(i).close();
      guards.get(i).close(); // a second close changes nothing
    }

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(60));
    assertThat(scheduled).hasSize(1);
    scheduled.get(0).task().run();

    for (int i = 0; i < 40; i++) {
      boolean open = !closed.contains(i);
      assertThat(guards.get(i).timedOut()).as("guard %d", i).isEqualTo(open);
      if (open) {
        assertThat(awaitInterrupted(threads.get(i))).as("thread %d", i).isTrue();
      } else {
        assertThat(threads.get(i).isInterrupted()).as("thread %d", i).isFalse();
      }
    }
  }

  @Test
  void closingAfterTheTimeoutClearsTheInterruptOnTheGuardedThread() throws InterruptedException {
    AtomicLong clearedAfterClose = new AtomicLong(-1);
    CountDownLatch guarded = new CountDownLatch(1);
    CountDownLatch fired = new CountDownLatch(1);
    Thread member = Thread.ofVirtual().start(() -> {
      AttemptTimer.Guard guard = timer.guard(Thread.currentThread(), Duration.ofMillis(5));
      guarded.countDown();
      try {
        fired.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // as a provider restores the flag when it aborts
      }
      boolean timedOut = guard.timedOut();
      guard.close();
      clearedAfterClose.set(timedOut && !Thread.currentThread().isInterrupted() ? 1 : 0);
    });
    assertThat(guarded.await(10, TimeUnit.SECONDS)).isTrue();
    scheduled.get(0).task().run();
    fired.countDown();
    member.join();

    assertThat(clearedAfterClose.get()).isEqualTo(1);
  }

  @Test
  void aGuardJoiningAWindowThatAlreadyFiredFiresAtOnce() {
    AttemptTimer.Guard first = timer.guard(idleThread(), Duration.ofMillis(20));
    scheduled.get(0).task().run(); // the scheduler ran the window (late joiners raced with it)
    Thread late = idleThread();

    AttemptTimer.Guard joined = timer.guard(late, Duration.ofMillis(20));

    assertThat(first.timedOut()).isTrue();
    assertThat(joined.timedOut()).as("its deadline is in a window that already fired").isTrue();
    assertThat(awaitInterrupted(late)).isTrue();
    assertThat(scheduled).hasSize(1);
  }

  @Test
  void limitsTooLongToCountSaturateAndNeverFireEarly() {
    now.set(Long.MAX_VALUE - 5); // System.nanoTime() may be about to wrap around
    AttemptTimer wrapping = new AttemptTimer(
        (task, delay) -> scheduled.add(new Scheduled(task, now.get() + delay, delay)), now::get);
    now.addAndGet(10);
    AttemptTimer.Guard forever = wrapping.guard(idleThread(), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
    AttemptTimer.Guard large = wrapping.guard(idleThread(), Duration.ofDays(365L * 200));

    assertThat(scheduled).hasSize(2);
    assertThat(scheduled.get(0).delay()).as("saturated").isGreaterThan(Long.MAX_VALUE - TICK);
    assertThat(scheduled.get(1).delay()).as("200 years, counted without overflow")
        .isGreaterThanOrEqualTo(Duration.ofDays(365L * 200).toNanos())
        .isLessThanOrEqualTo(Duration.ofDays(365L * 200).toNanos() + TICK);
    assertThat(forever.timedOut()).isFalse();
    assertThat(large.timedOut()).isFalse();
  }

  @Test
  void aSchedulerThatRefusesLeavesTheGuardUnfiredInsteadOfFailingTheCall() {
    AttemptTimer closing = new AttemptTimer((task, delay) -> {
      throw new RejectedExecutionException("shut down in this test");
    }, now::get);

    AttemptTimer.Guard guard = closing.guard(idleThread(), Duration.ofSeconds(1));
    guard.close();

    assertThat(guard.timedOut()).isFalse();
  }

  private Thread idleThread() {
    Thread t = Thread.ofVirtual().unstarted(() -> {
      try {
        Thread.sleep(Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        // interrupted by the timer or the test's cleanup
      }
    });
    t.start();
    parked.add(t);
    return t;
  }

  private static boolean awaitInterrupted(Thread t) {
    try {
      t.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !t.isAlive();
  }
}
