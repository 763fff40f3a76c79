package dev.council.testkit;

import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A listener that keeps every event it receives, for assertions.
 *
 * <p>Thread-safe: events may arrive on any thread while a test thread reads or waits. The {@code await}
 * methods block the calling thread up to the given timeout and throw {@link AssertionError} (listing
 * what did arrive) when it passes, so a test fails rather than hangs.
 */
public final class EventCapture implements CouncilListener {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<CouncilEvent> events = new ArrayList<>();

  @Override
  public void onEvent(CouncilEvent event) {
    lock.lock();
    try {
      events.add(event);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A snapshot of the events received so far, in arrival order. */
  public List<CouncilEvent> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /** The events received so far that are instances of {@code type}, in arrival order. */
  public <T extends CouncilEvent> List<T> ofType(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The {@link CouncilEvent#type()} names of the events received so far, in arrival order. */
  public List<String> types() {
    return events().stream().map(CouncilEvent::type).toList();
  }

  /** Waits for the run's terminal event ({@code RunCompleted} or {@code RunFailed}) and returns it. */
  public CouncilEvent awaitTerminal(Duration timeout) {
    return await(CouncilEvent::terminal, timeout, "a terminal event");
  }

  /** Waits for the first event matching {@code condition} and returns it. */
  public CouncilEvent await(Predicate<CouncilEvent> condition, Duration timeout) {
    return await(condition, timeout, "an event matching the condition");
  }

  /** Waits until at least {@code count} events arrived; returns a snapshot of all received. */
  public List<CouncilEvent> awaitCount(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (events.size() < count) {
        waitUntil(deadline, "at least " + count + " events");
      }
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  private CouncilEvent await(Predicate<CouncilEvent> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      int checked = 0;
      while (true) {
        for (; checked < events.size(); checked++) {
          if (condition.test(events.get(checked))) {
            return events.get(checked);
          }
        }
        waitUntil(deadline, what);
      }
    } finally {
      lock.unlock();
    }
  }

  private void waitUntil(long deadline, String what) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError("timed out waiting for " + what + "; received " + events.size()
          + " events: " + events.stream().map(e -> e.type() + "#" + e.seq()).toList());
    }
    try {
      changed.await(left, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
  }
}
