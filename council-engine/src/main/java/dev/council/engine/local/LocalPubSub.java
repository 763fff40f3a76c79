package dev.council.engine.local;

import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.Subscription;
import dev.council.engine.internal.delivery.IsolatedListener;
import dev.council.engine.internal.delivery.OrderedDelivery;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * In-JVM topics, the {@code local} pubsub. Each subscription has its own ordered, asynchronous delivery
 * (a queue drained by a virtual thread while it has events), so {@link #publish} never blocks, a
 * throwing listener is logged and keeps receiving, and a slow one stalls nobody else. A topic's
 * subscribers are a concurrent set: subscribing and unsubscribing cost the same at any number of
 * subscribers, and the order in which subscribers are handed an event is unspecified (each still gets a
 * topic's events in publishing order).
 *
 * <p>Thread-safe. Closing a subscription refuses later events; events published before are still
 * delivered. {@link #close()} closes every subscription; publishing afterwards does nothing and
 * subscribing fails.
 */
public final class LocalPubSub implements PubSub {
  private final ConcurrentMap<String, Set<IsolatedListener>> topics = new ConcurrentHashMap<>();
  private final Executor executor;
  private volatile boolean closed;

  /** Delivers on virtual threads. */
  public LocalPubSub() {
    this(OrderedDelivery.VIRTUAL_THREADS);
  }

  /** Delivers with {@code executor}, which runs each subscription's drains. */
  public LocalPubSub(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
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
    IsolatedListener isolated = new IsolatedListener(listener, listener.getClass().getName() + " on " + topic, executor);
    topics.compute(topic, (t, subscribers) -> {
      Set<IsolatedListener> set = subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
      set.add(isolated);
      return set;
    });
    return () -> unsubscribe(topic, isolated);
  }

  @Override
  public void publish(String topic, CouncilEvent event) {
    Objects.requireNonNull(event, "event");
    Set<IsolatedListener> subscribers = topics.get(topic);
    if (subscribers != null) {
      for (IsolatedListener subscriber : subscribers) {
        subscriber.onEvent(event);
      }
    }
  }

  /** The number of live subscriptions to {@code topic}. */
  public int subscriberCount(String topic) {
    Set<IsolatedListener> subscribers = topics.get(topic);
    return subscribers == null ? 0 : subscribers.size();
  }

  @Override
  public void close() {
    closed = true;
    topics.values().forEach(list -> list.forEach(IsolatedListener::close));
    topics.clear();
  }

  private void unsubscribe(String topic, IsolatedListener isolated) {
    isolated.close();
    topics.computeIfPresent(topic, (t, subscribers) -> {
      subscribers.remove(isolated);
      return subscribers.isEmpty() ? null : subscribers;
    });
  }
}
