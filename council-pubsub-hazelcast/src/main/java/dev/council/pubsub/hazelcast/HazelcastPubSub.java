package dev.council.pubsub.hazelcast;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import com.hazelcast.spi.exception.DistributedObjectDestroyedException;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.EventGap;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.Subscription;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hazelcast} pubsub: events reach subscribers on every node of the cluster.
 *
 * <p><b>How.</b> Events travel through a fixed set of Hazelcast ring buffers, the <em>stripes</em>
 * ({@code council.events.0} .. {@code n-1}, {@value HazelcastSettings#STRIPES}); a topic always maps to the
 * same stripe (its name's hash), so one stripe holds every event of a run in publish order. A ring buffer
 * gives each item a sequence number, keeps the last {@value HazelcastSettings#STRIPE_CAPACITY} items (with
 * backups) and lets each reader go at its own pace: that is what makes delivery ordered, complete and
 * duplicate-free, where a plain Hazelcast topic drops events under load without telling anyone. Fixed
 * stripes, rather than a ring buffer per topic, mean no distributed object is created or destroyed per run.
 *
 * <p><b>Publishing</b> never waits: events go into a per-stripe queue that one virtual thread writes to
 * the ring buffer in batches, in queue order, so events published by one thread arrive in that order.
 *
 * <p><b>Subscribing</b> reads the stripe's current tail, so events published after {@link #subscribe}
 * returns are delivered and earlier ones are not. One reader per stripe and node long-polls the ring
 * buffer and hands each event to the local subscriptions of its topic; each subscription has its own
 * bounded queue ({@value HazelcastSettings#SUBSCRIBER_BUFFER}) drained by its own virtual thread, so a
 * throwing listener is logged and keeps receiving, and a blocked one stalls nobody else.
 *
 * <p><b>Gaps.</b> A subscription whose listener falls more than its buffer behind, or a node whose
 * stripe reader falls more than a stripe's capacity behind (the ring buffer overwrote unread events), does
 * not lose events silently: the listener gets {@link CouncilListener#onGap} in their place, and the gap is
 * logged at WARN; delivery then continues with later events.
 *
 * <p><b>Fencing.</b> Events of a run this node lost to another node (it was adopted while this node was
 * paused or cut off) are not published.
 *
 * <p>Thread-safe. {@link #close()} stops the readers, flushes queued events (waiting briefly), and releases
 * the Hazelcast instance; publishing afterwards does nothing and subscribing fails.
 */
public final class HazelcastPubSub implements PubSub {
  private static final Logger log = LoggerFactory.getLogger(HazelcastPubSub.class);
  private static final int BATCH = 512;
  private static final Duration CLOSE_FLUSH = Duration.ofSeconds(5);

  private final HazelcastInstances.Lease lease;
  private final Fencing fencing;
  private final Stripe[] stripes;
  private final int subscriberBuffer;
  private volatile boolean closed;

  HazelcastPubSub(HazelcastInstances.Lease lease) {
    this.lease = lease;
    this.fencing = lease.fencing();
    HazelcastSettings settings = lease.settings();
    this.subscriberBuffer = settings.subscriberBuffer();
    this.stripes = new Stripe[settings.stripes()];
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Stripe(i, lease.hz().getRingbuffer(HazelcastInstances.EVENTS_PREFIX + i));
    }
  }

  /**
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public Subscription subscribe(String topic, CouncilListener listener) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(listener, "listener");
    if (closed) {
      throw new IllegalStateException("cannot subscribe to " + topic + ": this pubsub is closed");
    }
    return stripe(topic).subscribe(topic, listener);
  }

  @Override
  public void publish(String topic, CouncilEvent event) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(event, "event");
    if (!closed && fencing.allowed(event.runId())) { // a run another node took over publishes nothing here
      stripe(topic).publish(new Envelope(topic, event));
    }
  }

  private Stripe stripe(String topic) {
    return stripes[Math.floorMod(topic.hashCode(), stripes.length)];
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      long deadline = System.nanoTime() + CLOSE_FLUSH.toNanos();
      for (Stripe s : stripes) {
        s.stop(deadline);
      }
    } finally {
      lease.close();
    }
  }

  @Override
  public String toString() {
    return "HazelcastPubSub[" + stripes.length + " stripes on " + lease.hz().getName() + "]";
  }

  /** One ring buffer: its publishing queue, its reader and the local subscriptions of its topics. */
  private final class Stripe {
    private final int index;
    private final Ringbuffer<Envelope> ring;
    private final ArrayDeque<Envelope> outbox = new ArrayDeque<>();
    private boolean writing; // guarded by outbox
    private final ConcurrentMap<String, List<Sub>> subs = new ConcurrentHashMap<>();
    private @Nullable Thread reader; // guarded by this

    Stripe(int index, Ringbuffer<Envelope> ring) {
      this.index = index;
      this.ring = ring;
    }

    void publish(Envelope envelope) {
      synchronized (outbox) {
        outbox.add(envelope);
        if (writing) {
          return;
        }
        writing = true;
      }
      Thread.ofVirtual().name("council-events-write-" + index).start(this::write);
    }

    /** Writes queued events in order, batch by batch, until the queue is empty. */
    private void write() {
      while (true) {
        List<Envelope> batch;
        synchronized (outbox) {
          if (outbox.isEmpty()) {
            writing = false;
            outbox.notifyAll();
            return;
          }
          batch = new ArrayList<>(Math.min(outbox.size(), BATCH));
          while (!outbox.isEmpty() && batch.size() < BATCH) {
            batch.add(outbox.poll());
          }
        }
        try {
          ring.addAllAsync(batch, OverflowPolicy.OVERWRITE).toCompletableFuture().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          log.warn("interrupted while publishing {} events to {}; they are lost", batch.size(), ring.getName());
        } catch (ExecutionException | RuntimeException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          log.warn("publishing {} events (first: {} of run {} on {}) to {} failed; they are lost: {}", batch.size(),
              batch.get(0).event().type(), batch.get(0).event().runId(), batch.get(0).topic(), ring.getName(),
              String.valueOf(cause));
        }
      }
    }

    Subscription subscribe(String topic, CouncilListener listener) {
      long tail = ring.tailSequence();
      Sub sub = new Sub(topic, listener, tail, subscriberBuffer);
      subs.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(sub);
      startReader(tail + 1);
      return () -> unsubscribe(sub);
    }

    private synchronized void startReader(long from) {
      if (reader == null && !closed) {
        reader = Thread.ofVirtual().name("council-events-read-" + index).start(() -> read(from));
      }
    }

    private void unsubscribe(Sub sub) {
      sub.close();
      subs.computeIfPresent(sub.topic, (t, list) -> {
        list.remove(sub);
        return list.isEmpty() ? null : list;
      });
    }

    /** Long-polls the ring buffer from {@code next} and dispatches, until the pubsub closes. */
    private void read(long from) {
      long next = from;
      while (!closed) {
        ReadResultSet<Envelope> batch;
        try {
          batch = ring.readManyAsync(next, 1, BATCH, null).toCompletableFuture().get();
        } catch (InterruptedException e) {
          return;
        } catch (ExecutionException | RuntimeException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          if (closed || cause instanceof HazelcastInstanceNotActiveException
              || cause instanceof DistributedObjectDestroyedException) {
            return;
          }
          if (cause instanceof StaleSequenceException) {
            long head = ring.headSequence();
            lost(head - next, "this node read " + ring.getName() + " more slowly than events arrived and the "
                + "oldest were overwritten (raise " + HazelcastSettings.STRIPE_CAPACITY + ")");
            next = head;
            continue;
          }
          log.warn("reading events from {} failed, retrying: {}", ring.getName(), String.valueOf(cause));
          pause();
          continue;
        }
        if (batch.size() > 0 && batch.getSequence(0) > next) {
          lost(batch.getSequence(0) - next, "this node read " + ring.getName() + " more slowly than events arrived"
              + " and the oldest were overwritten (raise " + HazelcastSettings.STRIPE_CAPACITY + ")");
        }
        for (int i = 0; i < batch.size(); i++) {
          Envelope envelope = batch.get(i);
          List<Sub> targets = subs.get(envelope.topic());
          if (targets != null) {
            long seq = batch.getSequence(i);
            for (Sub sub : targets) {
              sub.offer(seq, envelope.event());
            }
          }
        }
        next = batch.getNextSequenceToReadFrom();
      }
    }

    /** Tells every local subscription of this stripe that up to {@code missed} events may be lost. */
    private void lost(long missed, String reason) {
      subs.values().forEach(list -> list.forEach(sub -> sub.gap(missed, reason)));
    }

    /** Stops the reader and waits (until {@code deadline}) for queued events to be written. */
    void stop(long deadline) {
      Thread r;
      synchronized (this) {
        r = reader;
        reader = null;
      }
      if (r != null) {
        r.interrupt();
      }
      subs.values().forEach(list -> list.forEach(Sub::close));
      subs.clear();
      synchronized (outbox) {
        while (writing) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            log.warn("{} events queued for {} were not written before the pubsub closed", outbox.size(),
                ring.getName());
            return;
          }
          try {
            outbox.wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One subscription's delivery: a bounded queue of events (and gap markers) drained in order by one
   * virtual thread at a time. Guarded by itself.
   */
  private static final class Sub {
    private final String topic;
    private final CouncilListener listener;
    private final long after;
    private final int capacity;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long dropped;
    private boolean draining;
    private boolean closed;

    Sub(String topic, CouncilListener listener, long after, int capacity) {
      this.topic = topic;
      this.listener = listener;
      this.after = after;
      this.capacity = capacity;
    }

    /** Queues an event read at ring sequence {@code seq}; events from before the subscription are skipped. */
    void offer(long seq, CouncilEvent event) {
      if (seq <= after) {
        return;
      }
      synchronized (this) {
        if (closed) {
          return;
        }
        if (queue.size() >= capacity) {
          dropped++;
          return;
        }
        flushDropped();
        queue.add(event);
        startDrain();
      }
    }

    /** Queues a gap marker in stream order. */
    synchronized void gap(long missed, String reason) {
      if (closed) {
        return;
      }
      flushDropped();
      queue.add(new EventGap(topic, missed, reason));
      startDrain();
    }

    private void flushDropped() {
      if (dropped > 0) {
        queue.add(overflow());
        dropped = 0;
      }
    }

    private EventGap overflow() {
      return new EventGap(topic, dropped, "the listener fell more than " + capacity + " events behind (raise "
          + HazelcastSettings.SUBSCRIBER_BUFFER + ")");
    }

    private void startDrain() {
      if (!draining) {
        draining = true;
        Thread.ofVirtual().name("council-events-deliver").start(this::drain);
      }
    }

    private void drain() {
      while (true) {
        Object next;
        synchronized (this) {
          next = closed ? null : queue.poll();
          if (next == null && !closed && dropped > 0) {
            next = overflow();
            dropped = 0;
          }
          if (next == null) {
            draining = false;
            return;
          }
        }
        deliver(next);
      }
    }

    private void deliver(Object item) {
      try {
        if (item instanceof EventGap gap) {
          log.warn("subscriber {} on {} missed up to {} events: {}", listener.getClass().getName(), topic,
              gap.missed(), gap.reason());
          listener.onGap(gap);
        } else {
          listener.onEvent((CouncilEvent) item);
        }
      } catch (RuntimeException e) {
        log.warn("listener {} on {} failed; it keeps receiving events", listener.getClass().getName(), topic, e);
      }
    }

    synchronized void close() {
      closed = true;
      queue.clear();
    }
  }
}
