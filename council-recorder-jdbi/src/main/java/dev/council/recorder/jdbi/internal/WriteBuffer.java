package dev.council.recorder.jdbi.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between recording threads and the writer thread. At most {@code capacity} events
 * are held, counting those the writer has taken but not yet settled (written or dropped), so the bound
 * is exact whatever the writer is doing; run openings and outcomes are always admitted (two per run) so
 * a run's row and final status are never lost to overflow. Thread-safe; only {@link #take} and
 * {@link #awaitSettled} block.
 */
final class WriteBuffer {
  /** The longest wait for room, in multiples of the stall bound. */
  static final int MAX_STALLS = 10;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final Condition settledChanged = lock.newCondition();
  private final Condition space = lock.newCondition();
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final int capacity;
  private final int batchSize;
  private int events;
  private int inFlight;
  private long accepted;
  private long taken;
  private long flushTarget;
  private long settled;
  private boolean closed;
  private boolean failing;
  /** Set when a wait for room ended without the writer settling anything; cleared when it settles. */
  private boolean stalled;

  WriteBuffer(int capacity, int batchSize) {
    this.capacity = capacity;
    this.batchSize = batchSize;
  }

  /**
   * Queues {@code item}; false when the buffer is closed, or full and the item is an event. A full
   * buffer is waited on for room while the writer makes progress: the wait ends when {@code stall}
   * passes without the writer settling anything, or after {@code MAX_STALLS} times {@code stall} in all,
   * or at once while the writer is failing or after such a stall, until the writer settles something
   * again. Never longer.
   */
  boolean offer(Item item, Duration stall) {
    lock.lock();
    try {
      boolean event = item instanceof Item.Event;
      if (event && events >= capacity && !closed && !failing && !stalled && stall.isPositive()) {
        long stallNanos = stall.toNanos();
        long deadline = System.nanoTime() + stallNanos * MAX_STALLS;
        long progress = settled;
        long nanos = stallNanos;
        try {
          while (events >= capacity && !closed && !failing && nanos > 0) {
            nanos = space.awaitNanos(nanos);
            if (settled != progress) {
              progress = settled;
              nanos = Math.min(stallNanos, deadline - System.nanoTime());
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (events >= capacity && settled == progress) {
          stalled = true;  // later events do not wait until the writer settles something again
        }
      }
      if (closed || (event && events >= capacity)) {
        return false;
      }
      queue.addLast(item);
      if (event) {
        events++;
      }
      accepted++;
      if (queue.size() == 1 || queue.size() >= batchSize) {
        available.signal();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for an item, then up to {@code linger} for a full batch (not when a {@link #requestFlush} is
   * waiting for queued items), and takes at most {@code batchSize} items. Returns an empty list once the
   * buffer is closed and empty.
   */
  List<Item> take(Duration linger) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (queue.isEmpty() && !closed) {
        available.await();
      }
      long nanos = linger.toNanos();
      while (queue.size() < batchSize && !closed && nanos > 0 && taken >= flushTarget) {
        nanos = available.awaitNanos(nanos);
      }
      int n = Math.min(batchSize, queue.size());
      List<Item> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(queue.pollFirst());
      }
      inFlight += n;
      taken += n;
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Takes every queued item at once, for abandoning them; settle them like a batch. */
  List<Item> takeAll() {
    lock.lock();
    try {
      List<Item> all = new ArrayList<>(queue);
      queue.clear();
      inFlight += all.size();
      taken += all.size();
      return all;
    } finally {
      lock.unlock();
    }
  }

  /** Marks items returned by {@link #take} or {@link #takeAll} as written or dropped. */
  void settle(List<Item> items) {
    lock.lock();
    try {
      for (Item item : items) {
        if (item instanceof Item.Event) {
          events--;
        }
      }
      inFlight -= items.size();
      settled += items.size();
      stalled = false;
      settledChanged.signalAll();
      space.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the writer's last attempt failed: while it has, a full buffer refuses events at once and
   * events waiting for room stop waiting.
   */
  void failing(boolean value) {
    lock.lock();
    try {
      failing = value;
      if (value) {
        space.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new items from now on; the writer drains what is queued. */
  void close() {
    lock.lock();
    try {
      closed = true;
      available.signalAll();
      space.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Items queued or being written. */
  int pending() {
    lock.lock();
    try {
      return queue.size() + inFlight;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks the writer to take every item accepted so far without waiting for a full batch.
   *
   * @return how many items have been accepted so far, for {@link #awaitSettled}
   */
  long requestFlush() {
    lock.lock();
    try {
      flushTarget = accepted;
      available.signalAll();
      return accepted;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the first {@code target} accepted items are settled; false on timeout. */
  boolean awaitSettled(long target, Duration timeout) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long nanos = timeout.toNanos();
      while (settled < target) {
        if (nanos <= 0) {
          return false;
        }
        nanos = settledChanged.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
