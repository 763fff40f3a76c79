package dev.council.engine.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.event.CouncilEvent;
import dev.council.testkit.EventCapture;
import dev.council.testkit.TestEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IsolatedListenerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void deliversEveryEventInOrderOffTheCallersThread() {
    Thread caller = Thread.currentThread();
    AtomicInteger onCaller = new AtomicInteger();
    EventCapture capture = new EventCapture();
    IsolatedListener listener = new IsolatedListener(e -> {
      if (Thread.currentThread() == caller) {
        onCaller.incrementAndGet();
      }
      capture.onEvent(e);
    }, "capture");
    List<CouncilEvent> events = TestEvents.numbered("r1", 100);

    events.forEach(listener::onEvent);

    assertThat(capture.awaitCount(100, WAIT)).containsExactlyElementsOf(events);
    assertThat(onCaller).hasValue(0);
  }

  @Test
  void aFailureIsContainedAndLaterEventsStillArrive() {
    EventCapture capture = new EventCapture();
    IsolatedListener listener = new IsolatedListener(e -> {
      if (e.seq() == 1) {
        throw new IllegalStateException("listener failure expected by the test");
      }
      capture.onEvent(e);
    }, "fails on seq 1");
    List<CouncilEvent> events = TestEvents.numbered("r1", 4);

    events.forEach(listener::onEvent);

    assertThat(capture.awaitCount(3, WAIT)).extracting(CouncilEvent::seq).containsExactly(0L, 2L, 3L);
  }

  @Test
  void aBlockedListenerNeverBlocksTheCaller() {
    CountDownLatch release = new CountDownLatch(1);
    EventCapture capture = new EventCapture();
    IsolatedListener listener = new IsolatedListener(e -> {
      capture.onEvent(e);
      awaitQuietly(release);
    }, "blocked");
    try {
      TestEvents.numbered("r1", 50).forEach(listener::onEvent);

      capture.awaitCount(1, WAIT);
      assertThat(listener.awaitDrained(Duration.ZERO)).isFalse();
    } finally {
      release.countDown();
    }
    assertThat(listener.awaitDrained(WAIT)).isTrue();
    assertThat(capture.events()).hasSize(50);
  }

  @Test
  void closeDeliversWhatWasAcceptedThenStops() {
    ManualExecutor executor = new ManualExecutor();
    EventCapture capture = new EventCapture();
    IsolatedListener listener = new IsolatedListener(capture, "capture", executor);
    List<CouncilEvent> events = TestEvents.numbered("r1", 4);
    listener.onEvent(events.get(0));
    listener.onEvent(events.get(1));

    listener.close();
    listener.onEvent(events.get(2));
    executor.runAll();

    assertThat(capture.events()).containsExactly(events.get(0), events.get(1));
    assertThat(listener.awaitDrained(Duration.ZERO)).isTrue();
    assertThat(listener.delegate()).isSameAs(capture);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
