package dev.council.testkit;

import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small in-process pubsub: each subscriber has its own single delivery thread, so it gets its topic's
 * events in publish order without delaying the publisher or the others. With {@link Defect#NONE} it keeps
 * the {@link PubSub} contract; each other {@link Defect} breaks one rule, so the kit tests can show that
 * {@link PubSubKit} catches it.
 */
final class ListenerPubSub implements PubSub {

  /** One way to break the pubsub contract. */
  enum Defect {
    /** Keeps the contract. */
    NONE,
    /** Delivers on the publisher's thread, so a listener that throws or blocks reaches the publisher. */
    DELIVERS_ON_THE_PUBLISHER_THREAD,
    /** Delivers every event twice (a redelivery without de-duplication). */
    DELIVERS_TWICE,
    /** Closing a subscription does not stop its deliveries. */
    IGNORES_UNSUBSCRIBE
  }

  private record Subscriber(CouncilListener listener, ExecutorService delivery) {}

  private final Defect defect;
  private final Map<String, List<Subscriber>> topics = new ConcurrentHashMap<>();

  ListenerPubSub(Defect defect) {
    this.defect = defect;
  }

  @Override
  public Subscription subscribe(String topic, CouncilListener listener) {
    Subscriber s = new Subscriber(listener, Executors.newSingleThreadExecutor(Thread.ofVirtual().factory()));
    topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(s);
    return () -> {
      if (defect != Defect.IGNORES_UNSUBSCRIBE) {
        topics.getOrDefault(topic, List.of()).remove(s);
        s.delivery().shutdown();
      }
    };
  }

  @Override
  public void publish(String topic, CouncilEvent event) {
    for (Subscriber s : topics.getOrDefault(topic, List.of())) {
      if (defect == Defect.DELIVERS_ON_THE_PUBLISHER_THREAD) {
        s.listener().onEvent(event);
        continue;
      }
      int times = defect == Defect.DELIVERS_TWICE ? 2 : 1;
      for (int i = 0; i < times; i++) {
        try {
          s.delivery().execute(() -> {
            try {
              s.listener().onEvent(event);
            } catch (RuntimeException e) {
              // a listener's failure stays with it
            }
          });
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
          // the subscription was closed while publishing: nothing more to deliver
        }
      }
    }
  }

  @Override
  public void close() {
    topics.values().forEach(list -> list.forEach(s -> s.delivery().shutdownNow()));
    topics.clear();
  }
}
