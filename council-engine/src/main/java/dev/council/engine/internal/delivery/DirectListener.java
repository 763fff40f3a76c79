package dev.council.engine.internal.delivery;

import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.engine.internal.support.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a run's events to one listener on the threads that emit them, in order, with no thread hop: the
 * form of delivery for listeners that promise to return at once (a counter, a histogram, a hand-off to
 * their own queue), where {@link IsolatedListener}'s hand-off to a drain thread would be most of the cost
 * and all of the latency.
 *
 * <p>Two steps, so that the listener never runs under the emitter's lock: {@link #enqueue} is called in
 * emission order while the emitter holds its lock, and {@link #drain} after it released it. The thread
 * that drains delivers every queued event, its own and those other emitting threads queued meanwhile,
 * until the queue is empty; a thread that finds another one draining returns at once. So the listener is
 * never called concurrently with itself, gets the events in sequence order, and an emitting thread is
 * held only by the listener's own calls.
 *
 * <p>Shielding: a listener that throws is logged at WARN and gets the next event as usual. A call that
 * takes longer than the budget moves the listener, for the rest of the run, to an {@link
 * IsolatedListener} (a drain thread of its own, in order), logged once at WARN: a slow direct listener
 * delays the run by one call, not by every event. A listener that blocks for good blocks the emitting
 * thread for good; that cannot be shielded against without a thread hop, which is what {@code
 * listener(...)} is for.
 *
 * <p>Thread-safe.
 */
public final class DirectListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectListener.class);

  private final CouncilListener delegate;
  private final String description;
  private final String subject;
  private final long budgetNanos;
  private final ConcurrentLinkedQueue<CouncilEvent> queue = new ConcurrentLinkedQueue<>();
  /** Held by the one thread delivering; the queue is drained only while holding it. */
  private final AtomicBoolean draining = new AtomicBoolean();
  /** Set once by the draining thread when a call ran over the budget; from then on events go there. */
  private volatile @Nullable IsolatedListener isolated;
  private volatile boolean closed;

  /**
   * @param delegate the listener
   * @param description with {@code subject}, names the listener in log messages (joined only when one is
   *     written)
   * @param budget the longest one call may take before the listener is moved to a thread of its own
   */
  public DirectListener(CouncilListener delegate, String description, String subject, Duration budget) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.description = Objects.requireNonNull(description, "description");
    this.subject = Objects.requireNonNull(subject, "subject");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("budget must be positive, was " + budget);
    }
    this.budgetNanos = Durations.saturatedNanos(budget);
  }

  /**
   * Queues an event; call in emission order (under the emitter's lock), then {@link #drain} once the lock
   * is released. Ignored once closed.
   */
  public void enqueue(CouncilEvent event) {
    if (!closed) {
      queue.offer(event);
    }
  }

  /**
   * Delivers the queued events on the calling thread, unless another thread is delivering (it will deliver
   * them too). Returns when the queue was found empty or another thread took over. Never throws.
   */
  public void drain() {
    while (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        CouncilEvent event;
        while ((event = queue.poll()) != null) {
          deliver(event);
        }
      } finally {
        draining.set(false);
      }
      // an event queued after the last poll and before the release found draining still set: look again
    }
  }

  /**
   * As {@link #drain}, and when another thread is delivering, waits until it has delivered every event
   * queued so far: for a run's terminal event, so that the run's result is published only after the
   * listener had it. Waits as long as that thread's current call (a call that never returns holds it for
   * good).
   */
  public void drainAll() {
    drain();
    for (int spins = 0; !queue.isEmpty() || draining.get(); spins++) {
      if (spins < 100) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(10_000);
      }
      drain();
    }
  }

  /**
   * Refuses later events; queued ones are still delivered by the next {@link #drain}, and a listener moved
   * to a thread of its own still gets those already handed there. Idempotent; never blocks.
   */
  @Override
  public void close() {
    closed = true;
    IsolatedListener moved = isolated;
    if (moved != null) {
      moved.close();
    }
  }

  /** Whether a call ran over the budget and the listener now has a drain thread of its own. */
  public boolean isMovedToOwnThread() {
    return isolated != null;
  }

  private void deliver(CouncilEvent event) {
    IsolatedListener moved = isolated;
    if (moved != null) {
      moved.onEvent(event);
      return;
    }
    long start = System.nanoTime();
    try {
      delegate.onEvent(event);
    } catch (Throwable t) {
      IsolatedListener.logFailure(description + subject, event, t);
    }
    long took = System.nanoTime() - start;
    if (took > budgetNanos) {
      moveToOwnThread(event, took);
    }
  }

  private void moveToOwnThread(CouncilEvent event, long tookNanos) {
    IsolatedListener moved = new IsolatedListener(delegate, description, subject);
    isolated = moved;
    if (closed) { // close() may have read isolated before it was set: either it or this closes it
      moved.close();
    }
    LOG.warn("direct listener {} took {} ms on {} #{} of run {}, over the {} ms a direct listener may take;"
            + " it gets the run's later events on a delivery thread of its own, as a listener(...) does",
        description + subject, tookNanos / 1_000_000, event.type(), event.seq(), event.runId(),
        Duration.ofNanos(budgetNanos).toMillis());
  }
}
