package dev.council.engine.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.event.CouncilEvent;
import dev.council.api.event.RoundStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DirectListenerTest {
  private static final int THREADS = 4;
  private static final int EVENTS_PER_THREAD = 20_000;

  private static CouncilEvent event(long seq) {
    return new RoundStarted("run", seq, Instant.EPOCH, "round", "independent_analysis", 0, 0, List.of("a"));
  }

  /** What the emitter does: queue under its lock in sequence order, deliver after releasing it. */
  private static final class Emitter {
    private final DirectListener direct;
    private long nextSeq;

    Emitter(DirectListener direct) {
      this.direct = direct;
    }

    void emit() {
      synchronized (this) {
        direct.enqueue(event(nextSeq++));
      }
      direct.drain();
    }
  }

  @Test
  void manyEmittingThreadsOneOrderedStreamNeverTwoCallsAtOnceNothingLost() throws Exception {
    List<Long> seqs = new ArrayList<>(); // written only inside the listener, which is never concurrent
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    DirectListener direct = new DirectListener(e -> {
      if (inside.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      seqs.add(e.seq());
      inside.decrementAndGet();
    }, "test listener", "", Duration.ofSeconds(10));
    Emitter emitter = new Emitter(direct);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < EVENTS_PER_THREAD; i++) {
          emitter.emit();
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    // no drainAll(): every emit returned, so each event was delivered by its thread or the one draining then

    assertThat(overlaps).hasValue(0);
    assertThat(seqs).hasSize(THREADS * EVENTS_PER_THREAD);
    for (int i = 0; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).isEqualTo(i);
    }
  }

  @Test
  void aCallOverBudgetMovesTheListenerAndLaterEventsStillArriveInOrder() throws Exception {
    List<Long> seqs = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> callers = java.util.Collections.synchronizedList(new ArrayList<>());
    DirectListener direct = new DirectListener(e -> {
      seqs.add(e.seq());
      callers.add(Thread.currentThread());
      if (e.seq() == 1) {
        try {
          Thread.sleep(30);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }, "test listener", "", Duration.ofMillis(5));
    for (long s = 0; s < 5; s++) {
      direct.enqueue(event(s));
      direct.drain();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (seqs.size() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    assertThat(direct.isMovedToOwnThread()).isTrue();
    assertThat(seqs).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(callers.subList(0, 2)).containsOnly(Thread.currentThread());
    assertThat(callers.subList(2, 5)).doesNotContain(Thread.currentThread());
  }

  @Test
  void afterCloseEventsAreRefusedAndABudgetMustBePositive() {
    List<Long> seqs = new ArrayList<>();
    DirectListener direct = new DirectListener(e -> seqs.add(e.seq()), "test listener", "", Duration.ofSeconds(1));
    direct.enqueue(event(0));
    direct.close();
    direct.enqueue(event(1));
    direct.drainAll();
    assertThat(seqs).containsExactly(0L);

    assertThatThrownBy(() -> new DirectListener(e -> {}, "x", "", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget must be positive");
  }
}
