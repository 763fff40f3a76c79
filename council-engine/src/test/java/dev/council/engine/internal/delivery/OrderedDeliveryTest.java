package dev.council.engine.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OrderedDeliveryTest {
  private final ManualExecutor executor = new ManualExecutor();
  private final List<Integer> delivered = new ArrayList<>();
  private final List<Integer> failed = new ArrayList<>();

  @Test
  void offerQueuesWithoutDeliveringOnTheCallersThread() {
    OrderedDelivery<Integer> delivery = new OrderedDelivery<>(delivered::add, (i, t) -> failed.add(i), executor);

    delivery.offer(1);
    delivery.offer(2);

    assertThat(delivered).isEmpty();
    assertThat(executor.queued()).isEqualTo(1);
    executor.runAll();
    assertThat(delivered).containsExactly(1, 2);
  }

  @Test
  void oneDrainAtATimeDeliversInOfferOrder() {
    OrderedDelivery<Integer> delivery = new OrderedDelivery<>(delivered::add, (i, t) -> failed.add(i), executor);

    for (int i = 0; i < 100; i++) {
      delivery.offer(i);
    }
    int drains = executor.runAll();
    delivery.offer(100);
    drains += executor.runAll();

    assertThat(delivered).hasSize(101).isSorted();
    assertThat(drains).isEqualTo(2);
  }

  @Test
  void aThrowingConsumerIsReportedAndDeliveryContinues() {
    OrderedDelivery<Integer> delivery = new OrderedDelivery<>(i -> {
      if (i % 2 == 0) {
        throw new IllegalStateException("even numbers fail in this test");
      }
      delivered.add(i);
    }, (i, t) -> failed.add(i), executor);

    for (int i = 0; i < 6; i++) {
      delivery.offer(i);
    }
    executor.runAll();

    assertThat(delivered).containsExactly(1, 3, 5);
    assertThat(failed).containsExactly(0, 2, 4);
  }

  @Test
  void closeRefusesNewItemsButDeliversQueuedOnes() {
    OrderedDelivery<Integer> delivery = new OrderedDelivery<>(delivered::add, (i, t) -> failed.add(i), executor);
    delivery.offer(1);
    delivery.offer(2);

    delivery.close();

    assertThat(delivery.offer(3)).isFalse();
    executor.runAll();
    assertThat(delivered).containsExactly(1, 2);
    assertThat(delivery.isClosed()).isTrue();
  }

  @Test
  void awaitDrainedReportsWhetherEverythingWasDelivered() {
    OrderedDelivery<Integer> delivery = new OrderedDelivery<>(delivered::add, (i, t) -> failed.add(i), executor);
    delivery.offer(1);

    assertThat(delivery.awaitDrained(Duration.ZERO)).isFalse();
    executor.runAll();
    assertThat(delivery.awaitDrained(Duration.ZERO)).isTrue();
  }

  @Test
  void aRejectingExecutorLeavesItemsQueuedForTheNextOffer() {
    AtomicBoolean reject = new AtomicBoolean(true);
    OrderedDelivery<Integer> delivery = new OrderedDelivery<>(delivered::add, (i, t) -> failed.add(i), task -> {
      if (reject.get()) {
        throw new RejectedExecutionException("test executor is full");
      }
      executor.execute(task);
    });

    delivery.offer(1);
    reject.set(false);
    delivery.offer(2);
    executor.runAll();

    assertThat(delivered).containsExactly(1, 2);
  }

  @Test
  void virtualThreadDeliveryReachesEveryItemInOrder() {
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    OrderedDelivery<Integer> delivery = new OrderedDelivery<>(seen::add, (i, t) -> failed.add(i),
        OrderedDelivery.VIRTUAL_THREADS);

    for (int i = 0; i < 1000; i++) {
      delivery.offer(i);
    }

    assertThat(delivery.awaitDrained(Duration.ofSeconds(20))).isTrue();
    assertThat(seen).hasSize(1000).isSorted();
  }
}
