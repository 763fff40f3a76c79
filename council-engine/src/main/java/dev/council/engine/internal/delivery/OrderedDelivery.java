package dev.council.engine.internal.delivery;

import dev.council.engine.internal.support.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
 * @param <T> the item type
 */
public final class OrderedDelivery<T> {
  private static final Logger LOG = LoggerFactory.getLogger(OrderedDelivery.class);
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("council-delivery-", 0).factory();

  /** Runs each drain on a new virtual thread. */
  public static final Executor VIRTUAL_THREADS = task -> VIRTUAL.newThread(task).start();

  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong pending = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition drained = lock.newCondition();
  private final Consumer<T> consumer;
  private final BiConsumer<T, Throwable> onFailure;
  private final Executor executor;
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
  }

  /**
   * Queues an item for delivery without waiting.
   *
   * @return false, and the item is dropped, when this delivery is closed
   */
  public boolean offer(T item) {
    if (closed) {
      return false;
    }
    pending.incrementAndGet();
    queue.add(item);
    schedule();
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
    long left = Durations.saturatedNanos(timeout);
    lock.lock();
    try {
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
      lock.unlock();
    }
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RuntimeException e) {
        scheduled.set(false);
        LOG.error("cannot start event delivery; {} items stay queued until the next offer", pending.get(), e);
      }
    }
  }

  private void drain() {
    while (true) {
      T item;
      while ((item = queue.poll()) != null) {
        deliver(item);
      }
      scheduled.set(false);
      // An offer may have queued an item after the last poll but seen the flag still set.
      if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }

  private void deliver(T item) {
    try {
      consumer.accept(item);
    } catch (Throwable t) {
      reportFailure(item, t);
    }
    if (pending.decrementAndGet() == 0) {
      lock.lock();
      try {
        drained.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void reportFailure(T item, Throwable failure) {
    try {
      onFailure.accept(item, failure);
    } catch (RuntimeException e) {
      LOG.error("failure handler threw while reporting a delivery failure", e);
    }
  }
}
