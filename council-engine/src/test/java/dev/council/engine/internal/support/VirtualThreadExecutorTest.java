package dev.council.engine.internal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VirtualThreadExecutorTest {
  private static final long WAIT_SECONDS = 10;

  @Test
  void eachTaskRunsOnANewVirtualThread() throws Exception {
    VirtualThreadExecutor executor = new VirtualThreadExecutor();
    List<Future<Thread>> threads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      threads.add(executor.submit(Thread::currentThread));
    }
    List<Thread> ran = new ArrayList<>();
    for (Future<Thread> f : threads) {
      ran.add(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
    assertThat(ran).allMatch(Thread::isVirtual).doesNotHaveDuplicates();
    executor.close();
    assertThat(executor.isTerminated()).isTrue();
  }

  @Test
  void terminatesOnlyOnceShutDownAndEveryRunningTaskHasEnded() throws Exception {
    VirtualThreadExecutor executor = new VirtualThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      executor.execute(() -> {
        running.countDown();
        awaitQuietly(release);
      });
    }
    assertThat(running.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.isTerminated()).as("running, not shut down").isFalse();

    executor.shutdown();
    assertThat(executor.isShutdown()).isTrue();
    assertThat(executor.isTerminated()).as("shut down, tasks still running").isFalse();
    assertThat(executor.awaitTermination(50, TimeUnit.MILLISECONDS)).isFalse();

    release.countDown();
    assertThat(executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.isTerminated()).isTrue();
  }

  @Test
  void anIdleExecutorTerminatesWhenShutDownAndAShutdownIsIdempotent() throws Exception {
    VirtualThreadExecutor executor = new VirtualThreadExecutor();
    executor.shutdown();
    executor.shutdown();
    assertThat(executor.shutdownNow()).isEmpty();
    assertThat(executor.awaitTermination(0, TimeUnit.NANOSECONDS)).isTrue();
  }

  @Test
  void tasksAfterShutdownAreRejectedAndDoNotHoldTerminationUp() throws Exception {
    VirtualThreadExecutor executor = new VirtualThreadExecutor();
    executor.shutdown();
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(() -> executor.execute(ran::incrementAndGet))
        .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("shut down");
    assertThat(executor.isTerminated()).isTrue();
    assertThat(ran).hasValue(0);
  }

  @Test
  void shutdownNowLeavesRunningTasksUninterruptedAndStillWaitsForThem() throws Exception {
    VirtualThreadExecutor executor = new VirtualThreadExecutor();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    executor.execute(() -> {
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
      }
    });
    assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.shutdownNow()).isEmpty();
    assertThat(executor.awaitTermination(50, TimeUnit.MILLISECONDS)).isFalse();
    release.countDown();
    assertThat(executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted).hasValue(0);
  }

  @Test
  void aThreadFactoryThatFailsOrRefusesLeavesTheCountRight() throws Exception {
    ThreadFactory failing = r -> {
      throw new IllegalStateException("no threads today");
    };
    VirtualThreadExecutor broken = new VirtualThreadExecutor(failing);
    assertThatThrownBy(() -> broken.execute(() -> {})).isInstanceOf(IllegalStateException.class);
    broken.shutdown();
    assertThat(broken.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).as("the failed task is not counted")
        .isTrue();

    VirtualThreadExecutor refusing = new VirtualThreadExecutor(r -> null);
    assertThatThrownBy(() -> refusing.execute(() -> {})).isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("no thread");
    refusing.shutdown();
    assertThat(refusing.isTerminated()).isTrue();
  }

  @Test
  void manyTasksStartedConcurrentlyWithAShutdownAllEndBeforeTermination() throws Exception {
    for (int round = 0; round < 20; round++) {
      VirtualThreadExecutor executor = new VirtualThreadExecutor();
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger ended = new AtomicInteger();
      Thread submitter = Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 500; i++) {
          try {
            executor.execute(() -> {
              Thread.yield();
              ended.incrementAndGet();
            });
            accepted.incrementAndGet();
          } catch (RejectedExecutionException e) {
            return;
          }
        }
      });
      executor.shutdown();
      submitter.join();
      assertThat(executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(ended.get()).as("round %d: every accepted task ended before termination", round)
          .isEqualTo(accepted.get());
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
