package dev.council.engine.internal.delivery;

import dev.council.engine.internal.support.Durations;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands items to one consumer asynchronously, one at a time, in the order they were offered.
 *
 * <p>{@link #offer} never blocks: it queues the item and, when no drain is running, starts one on the
 * executor (by default a new virtual thread), so an idle delivery holds no thread. A consumer failure
 * goes to the failure handler and delivery continues with the next item; a slow consumer delays only
 * its own queue. After {@link #close()} offers are refused, and items already queued are still
 * delivered.
 *
 * <p>Thread-safe: any thread may offer; the consumer is never called concurrently with itself.
 *
 * <p>How: items go into a linked queue with many producers and one consumer (an offer is one atomic swap
 * of the tail); {@code pending} counts the items offered and not yet delivered, and a drain runs exactly
 * while it is above zero — the offer that raises it from zero starts the drain, and the drain ends when
 * its own decrement brings it back to zero. So an offer costs two atomic operations and a delivery one,
 * and only a waiting {@link #awaitDrained} makes a drain take a lock.
 *
 * @param <T> the item type
 */
public final class OrderedDelivery<T> {
  private static final Logger LOG = LoggerFactory.getLogger(OrderedDelivery.class);
  private static final VarHandle NEXT;

  static {
    try {
      NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  /** Unnamed: a name would cost a counter and a formatted string for every drain started. */
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

  /** Runs each drain on a new virtual thread. */
  public static final Executor VIRTUAL_THREADS = task -> VIRTUAL.newThread(task).start();

  private final AtomicReference<Node<T>> tail;
  /** The last node delivered (its item already cleared); read and written by the one running drain only. */
  private Node<T> head;
  /** Items offered and not yet delivered; a drain runs while this is above zero. */
  private final AtomicLong pending = new AtomicLong();
  /** A drain could not be started (the executor refused it); the next offer tries again. */
  private final AtomicBoolean stalled = new AtomicBoolean();
  /** Threads inside {@link #awaitDrained}; a drain that empties the queue signals only when some wait. */
  private volatile int waiting;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition drained = lock.newCondition();
  private final Consumer<T> consumer;
  private final BiConsumer<T, Throwable> onFailure;
  private final Executor executor;
  private final Runnable drain = this::drain;
  private volatile boolean closed;

  /**
   * @param consumer receives each item, on a drain thread
   * @param onFailure told about each item the consumer threw on (it must not throw itself)
   * @param executor runs drains; each drain delivers until the queue is empty
   */
  public OrderedDelivery(Consumer<T> consumer, BiConsumer<T, Throwable> onFailure, Executor executor) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    this.executor = Objects.requireNonNull(executor, "executor");
    Node<T> stub = new Node<>(null);
    this.head = stub;
    this.tail = new AtomicReference<>(stub);
  }

  /**
   * Queues an item for delivery without waiting.
   *
   * @return false, and the item is dropped, when this delivery is closed
   */
  public boolean offer(T item) {
    Objects.requireNonNull(item, "item");
    if (closed) {
      return false;
    }
    Node<T> node = new Node<>(item);
    NEXT.setRelease(tail.getAndSet(node), node);
    if (pending.getAndIncrement() == 0) {
      start();
    } else if (stalled.get() && stalled.compareAndSet(true, false)) {
      start();
    }
    return true;
  }

  /** Refuses further offers; items already queued are still delivered. Idempotent; never blocks. */
  public void close() {
    closed = true;
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Blocks until every item offered so far has been delivered, or the timeout passes.
   *
   * @return true when drained; false on timeout, or when interrupted (the interrupt flag is kept)
   */
  public boolean awaitDrained(Duration timeout) {
    if (pending.get() == 0) {
      return true;
    }
    long left = Durations.saturatedNanos(timeout);
    lock.lock();
    try {
      waiting++;
      while (pending.get() > 0) {
        if (left <= 0) {
          return false;
        }
        left = drained.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      waiting--;
      lock.unlock();
    }
  }

  private void start() {
    try {
      executor.execute(drain);
    } catch (RuntimeException e) {
      stalled.set(true);
      LOG.error("cannot start event delivery; {} items stay queued until the next offer", pending.get(), e);
    }
  }

  private void drain() {
    do {
      deliver(next());
    } while (pending.decrementAndGet() > 0);
    if (waiting > 0) {
      lock.lock();
      try {
        drained.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Takes the next item. It was counted in {@code pending} after it was linked in by its producer's swap,
   * but the link from its predecessor may still be on its way: wait for it (a few instructions).
   */
  private T next() {
    Node<T> h = head;
    Node<T> n;
    while ((n = next(h)) == null) {
      Thread.onSpinWait();
    }
    T item = Objects.requireNonNull(n.item);
    n.item = null;
    h.next = null; // a delivered node must not keep later ones reachable (once promoted, it would hold them all)
    head = n;
    return item;
  }

  @SuppressWarnings("unchecked")
  private static <T> @Nullable Node<T> next(Node<T> node) {
    return (Node<T>) NEXT.getAcquire(node);
  }

  private void deliver(T item) {
    try {
      consumer.accept(item);
    } catch (Throwable t) {
      reportFailure(item, t);
    }
  }

  private void reportFailure(T item, Throwable failure) {
    try {
      onFailure.accept(item, failure);
    } catch (RuntimeException e) {
      LOG.error("failure handler threw while reporting a delivery failure", e);
    }
  }

  private static final class Node<T> {
    @Nullable T item;
    /** Linked with release semantics by the producer, read with acquire semantics by the drain. */
    @Nullable Node<T> next;

    Node(@Nullable T item) {
      this.item = item;
    }
  }
}
