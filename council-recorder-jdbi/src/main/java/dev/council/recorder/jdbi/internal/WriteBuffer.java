package dev.council.recorder.jdbi.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between recording threads and the writer threads, one lane per writer. Each run's
 * records go to one lane, chosen by its run id, so a run's records are taken in the order they were
 * offered. At most {@code capacity} events are held in all lanes together, counting those a writer has
 * taken but not yet settled (written or dropped), so the bound is exact whatever the writers are doing;
 * run openings and outcomes are always admitted (two per run) so a run's row and final status are never
 * lost to overflow. Thread-safe; only {@link #take} and {@link #awaitSettled} block.
 */
final class WriteBuffer {
  /** The longest wait for room, in multiples of the stall bound. */
  static final int MAX_STALLS = 10;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition settledChanged = lock.newCondition();
  private final Condition space = lock.newCondition();
  private final Lane[] lanes;
  private final int capacity;
  private final int batchSize;
  private int events;
  private int inFlight;
  private int queued;
  /** Items settled in all lanes: progress, for waits on a full buffer. */
  private long settledTotal;
  private boolean closed;
  /** Lanes whose writer's last attempt failed. */
  private int failingLanes;
  /** Set when a wait for room ended without a writer settling anything; cleared when one settles. */
  private boolean stalled;

  /** One writer's queue and counters; guarded by the buffer's lock. */
  private final class Lane {
    final ArrayDeque<Item> queue = new ArrayDeque<>();
    final Condition available = lock.newCondition();
    long accepted;
    long taken;
    long flushTarget;
    long settled;
    boolean failing;
  }

  WriteBuffer(int capacity, int batchSize, int lanes) {
    this.capacity = capacity;
    this.batchSize = batchSize;
    this.lanes = new Lane[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new Lane();
    }
  }

  /** How many lanes (writers) the buffer feeds. */
  int lanes() {
    return lanes.length;
  }

  /** The lane of the run {@code runId}: always the same for one run. */
  int laneOf(String runId) {
    return Math.floorMod(runId.hashCode(), lanes.length);
  }

  /**
   * Queues {@code item} in its run's lane; false when the buffer is closed, or full and the item is an
   * event. A full buffer is waited on for room while the writers make progress: the wait ends when
   * {@code stall} passes without a writer settling anything, or after {@code MAX_STALLS} times
   * {@code stall} in all, or at once while a writer is failing or after such a stall, until a writer
   * settles something again. Never longer.
   */
  boolean offer(Item item, Duration stall) {
    Lane lane = lanes[laneOf(item.run().runId())];
    lock.lock();
    try {
      boolean event = item instanceof Item.Event;
      if (event && events >= capacity && !closed && failingLanes == 0 && !stalled && stall.isPositive()) {
        long stallNanos = stall.toNanos();
        long deadline = System.nanoTime() + stallNanos * MAX_STALLS;
        long progress = settledTotal;
        long nanos = stallNanos;
        try {
          while (events >= capacity && !closed && failingLanes == 0 && nanos > 0) {
            nanos = space.awaitNanos(nanos);
            if (settledTotal != progress) {
              progress = settledTotal;
              nanos = Math.min(stallNanos, deadline - System.nanoTime());
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (events >= capacity && settledTotal == progress) {
          stalled = true;  // later events do not wait until a writer settles something again
        }
      }
      if (closed || (event && events >= capacity)) {
        return false;
      }
      lane.queue.addLast(item);
      queued++;
      if (event) {
        events++;
      }
      lane.accepted++;
      if (lane.queue.size() == 1 || lane.queue.size() >= batchSize) {
        lane.available.signal();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for an item in lane {@code index}, then up to {@code linger} for a full batch (not when a
   * {@link #requestFlush} is waiting for queued items), and takes at most {@code batchSize} items.
   * Returns an empty list once the buffer is closed and the lane empty.
   */
  List<Item> take(int index, Duration linger) throws InterruptedException {
    Lane lane = lanes[index];
    lock.lockInterruptibly();
    try {
      while (lane.queue.isEmpty() && !closed) {
        lane.available.await();
      }
      long nanos = linger.toNanos();
      while (lane.queue.size() < batchSize && !closed && nanos > 0 && lane.taken >= lane.flushTarget) {
        nanos = lane.available.awaitNanos(nanos);
      }
      int n = Math.min(batchSize, lane.queue.size());
      List<Item> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(lane.queue.pollFirst());
      }
      queued -= n;
      inFlight += n;
      lane.taken += n;
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Takes every item queued in lane {@code index} at once, for abandoning them; settle them like a batch. */
  List<Item> takeAll(int index) {
    Lane lane = lanes[index];
    lock.lock();
    try {
      List<Item> all = new ArrayList<>(lane.queue);
      lane.queue.clear();
      queued -= all.size();
      inFlight += all.size();
      lane.taken += all.size();
      return all;
    } finally {
      lock.unlock();
    }
  }

  /** Marks items lane {@code index} returned by {@link #take} or {@link #takeAll} as written or dropped. */
  void settle(int index, List<Item> items) {
    Lane lane = lanes[index];
    lock.lock();
    try {
      for (Item item : items) {
        if (item instanceof Item.Event) {
          events--;
        }
      }
      inFlight -= items.size();
      lane.settled += items.size();
      settledTotal += items.size();
      stalled = false;
      settledChanged.signalAll();
      space.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether lane {@code index}'s writer's last attempt failed: while any has, a full buffer refuses
   * events at once and events waiting for room stop waiting.
   */
  void failing(int index, boolean value) {
    Lane lane = lanes[index];
    lock.lock();
    try {
      if (lane.failing != value) {
        lane.failing = value;
        failingLanes += value ? 1 : -1;
      }
      if (value) {
        space.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new items from now on; the writers drain what is queued. */
  void close() {
    lock.lock();
    try {
      closed = true;
      for (Lane lane : lanes) {
        lane.available.signalAll();
      }
      space.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Items queued or being written, in all lanes. */
  int pending() {
    lock.lock();
    try {
      return queued + inFlight;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks the writers to take every item accepted so far without waiting for a full batch.
   *
   * @return how many items each lane has accepted so far, for {@link #awaitSettled}
   */
  long[] requestFlush() {
    lock.lock();
    try {
      long[] targets = new long[lanes.length];
      for (int i = 0; i < lanes.length; i++) {
        Lane lane = lanes[i];
        lane.flushTarget = lane.accepted;
        targets[i] = lane.accepted;
        lane.available.signalAll();
      }
      return targets;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until, in every lane, the first {@code targets[lane]} accepted items are settled; false on timeout. */
  boolean awaitSettled(long[] targets, Duration timeout) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long nanos = timeout.toNanos();
      while (!settled(targets)) {
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

  private boolean settled(long[] targets) {
    for (int i = 0; i < lanes.length; i++) {
      if (lanes[i].settled < targets[i]) {
        return false;
      }
    }
    return true;
  }
}
