package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link PubSub} must show. Extend it and implement {@link #createPubSub()}.
 *
 * <p>Each test gets a fresh instance (closed afterwards) and its own topic names, so clustered
 * implementations may share a cluster between tests. Waits use {@link #timeout()}.
 *
 * <p>Failures name the defect: {@code delivered the same event more than once}, {@code delivered events
 * out of publish order}, {@code lost events}, {@code PubSub.publish threw} (a listener's failure reached
 * the publisher), {@code PubSub.publish waited for a blocked listener}, {@code a closed subscription
 * received events published after close}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class PubSubKit {
  private static final int EVENTS = 200;

  private PubSub pubSub;
  private String topic;

  /** A new, ready pubsub; the kit closes it after each test. */
  protected abstract PubSub createPubSub();

  /** How long to wait for asynchronous delivery before failing. */
  protected Duration timeout() {
    return Duration.ofSeconds(20);
  }

  @BeforeEach
  final void openPubSub() {
    pubSub = createPubSub();
    topic = "council:run:kit-" + UUID.randomUUID();
  }

  @AfterEach
  final void closePubSub() {
    pubSub.close();
  }

  @Test
  void deliversEveryEventToEverySubscriberInPublishOrder() {
    EventCapture first = new EventCapture();
    EventCapture second = new EventCapture();
    pubSub.subscribe(topic, first);
    pubSub.subscribe(topic, second);
    List<CouncilEvent> sent = TestEvents.numbered("r1", EVENTS);

    sent.forEach(e -> publish(topic, e));

    assertDelivered("first", first.awaitCount(EVENTS, timeout()), sent);
    assertDelivered("second", second.awaitCount(EVENTS, timeout()), sent);
  }

  @Test
  void throwingListenerIsIsolatedFromOthersAndKeepsReceiving() {
    AtomicInteger calls = new AtomicInteger();
    EventCapture healthy = new EventCapture();
    pubSub.subscribe(topic, e -> {
      calls.incrementAndGet();
      throw new IllegalStateException("listener failure expected by the test");
    });
    pubSub.subscribe(topic, healthy);
    List<CouncilEvent> sent = TestEvents.numbered("r1", EVENTS);

    sent.forEach(e -> publish(topic, e));

    assertDelivered("healthy", healthy.awaitCount(EVENTS, timeout()), sent);
    Waits.until(() -> calls.get() == EVENTS, timeout(), "the throwing listener to be called for every event");
  }

  @Test
  void blockedListenerStallsNeitherPublisherNorOtherSubscribers() {
    CountDownLatch release = new CountDownLatch(1);
    EventCapture blocked = new EventCapture();
    EventCapture healthy = new EventCapture();
    pubSub.subscribe(topic, e -> {
      blocked.onEvent(e);
      Waits.await(release);
    });
    pubSub.subscribe(topic, healthy);
    List<CouncilEvent> sent = TestEvents.numbered("r1", EVENTS);

    try {
      Thread publisher = Thread.ofPlatform().daemon().start(() -> sent.forEach(e -> publish(topic, e)));
      try {
        publisher.join(timeout().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while publishing", e);
      }
      if (publisher.isAlive()) {
        throw new AssertionError("PubSub.publish waited for a blocked listener: " + EVENTS + " publishes did not "
            + "return within " + timeout() + " while one subscriber's listener blocked; publish must return "
            + "without waiting for delivery");
      }

      assertDelivered("healthy", healthy.awaitCount(EVENTS, timeout()), sent);
      assertThat(blocked.events()).hasSizeLessThanOrEqualTo(1);
    } finally {
      release.countDown();
    }
    assertDelivered("blocked", blocked.awaitCount(EVENTS, timeout()), sent);
  }

  @Test
  void closedSubscriptionReceivesNothingPublishedAfterClose() {
    EventCapture leaving = new EventCapture();
    EventCapture staying = new EventCapture();
    Subscription subscription = pubSub.subscribe(topic, leaving);
    pubSub.subscribe(topic, staying);
    List<CouncilEvent> sent = TestEvents.numbered("r1", 10);
    publish(topic, sent.get(0));
    leaving.awaitCount(1, timeout());

    subscription.close();
    sent.subList(1, sent.size()).forEach(e -> publish(topic, e));

    assertDelivered("staying", staying.awaitCount(sent.size(), timeout()), sent);
    assertThat(leaving.events()).as("a closed subscription received events published after close")
        .containsExactly(sent.get(0));
  }

  @Test
  void closingASubscriptionTwiceIsHarmless() {
    EventCapture capture = new EventCapture();
    Subscription subscription = pubSub.subscribe(topic, capture);

    subscription.close();
    subscription.close();

    EventCapture later = new EventCapture();
    pubSub.subscribe(topic, later);
    publish(topic, TestEvents.runStarted("r1"));
    later.awaitCount(1, timeout());
    assertThat(capture.events()).isEmpty();
  }

  @Test
  void eventsStayOnTheirTopic() {
    String other = topic + ":other";
    EventCapture here = new EventCapture();
    EventCapture there = new EventCapture();
    pubSub.subscribe(topic, here);
    pubSub.subscribe(other, there);
    List<CouncilEvent> mine = TestEvents.numbered("mine", 20);
    List<CouncilEvent> theirs = TestEvents.numbered("theirs", 20);

    for (int i = 0; i < 20; i++) {
      publish(topic, mine.get(i));
      publish(other, theirs.get(i));
    }

    assertDelivered("here", here.awaitCount(20, timeout()), mine);
    assertDelivered("there", there.awaitCount(20, timeout()), theirs);
    publish(topic, TestEvents.runStarted("marker"));
    here.awaitCount(21, timeout());
    assertThat(there.events()).hasSize(20);
  }

  @Test
  void publishingToATopicWithoutSubscribersIsANoop() {
    publish(topic + ":nobody", TestEvents.runStarted("r1"));

    EventCapture capture = new EventCapture();
    pubSub.subscribe(topic, capture);
    publish(topic, TestEvents.runStarted("r2"));
    assertThat(capture.awaitCount(1, timeout())).extracting(CouncilEvent::runId).containsExactly("r2");
  }

  @Test
  void concurrentPublishersEachKeepTheirOwnOrder() throws Exception {
    int publishers = 4;
    EventCapture capture = new EventCapture();
    pubSub.subscribe(topic, capture);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int p = 0; p < publishers; p++) {
        List<CouncilEvent> events = TestEvents.numbered("publisher-" + p, EVENTS);
        done.add(pool.submit(() -> {
          Waits.await(start);
          events.forEach(e -> publish(topic, e));
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<CouncilEvent> received = capture.awaitCount(publishers * EVENTS, timeout());
    assertThat(received).hasSize(publishers * EVENTS);
    Map<String, List<Long>> seqsByRun = received.stream().collect(Collectors.groupingBy(
        CouncilEvent::runId, Collectors.mapping(CouncilEvent::seq, Collectors.toList())));
    assertThat(seqsByRun).hasSize(publishers);
    seqsByRun.values().forEach(seqs -> assertThat(seqs).isSorted().hasSize(EVENTS).doesNotHaveDuplicates());
  }

  @Test
  void subscribersComingAndGoingDoNotDisturbAStableSubscriber() throws Exception {
    EventCapture stable = new EventCapture();
    pubSub.subscribe(topic, stable);
    List<CouncilEvent> sent = TestEvents.numbered("r1", EVENTS);
    Thread churn = Thread.ofPlatform().start(() -> {
      for (int i = 0; i < 100; i++) {
        pubSub.subscribe(topic, new EventCapture()).close();
      }
    });

    sent.forEach(e -> publish(topic, e));
    churn.join(timeout().toMillis());

    assertThat(churn.isAlive()).isFalse();
    assertDelivered("stable", stable.awaitCount(EVENTS, timeout()), sent);
  }

  /** Publishes, failing the test when {@code publish} throws. */
  private void publish(String onTopic, CouncilEvent event) {
    try {
      pubSub.publish(onTopic, event);
    } catch (RuntimeException e) {
      throw new AssertionError("PubSub.publish threw for " + EventKey.of(event) + " on topic " + onTopic + ": " + e
          + "; publish must never fail because of a listener (isolate listeners, deliver asynchronously)", e);
    }
  }

  private static void assertDelivered(String subscriber, List<CouncilEvent> received, List<CouncilEvent> sent) {
    EventSequences.assertSame("delivered", "publish order", "to subscriber '" + subscriber + "'",
        received.stream().map(EventKey::of).toList(), sent.stream().map(EventKey::of).toList());
    assertThat(received).as("the events delivered to subscriber '%s'", subscriber).containsExactlyElementsOf(sent);
  }
}
