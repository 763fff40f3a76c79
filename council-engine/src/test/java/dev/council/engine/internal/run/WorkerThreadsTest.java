package dev.council.engine.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerThreadsTest {
  private static final long WAIT_SECONDS = 10;

  @Test
  void interruptsEveryRegisteredThreadButTheOneNamedAndNoneThatLeft() throws Exception {
    WorkerThreads workers = new WorkerThreads();
    List<Parked> parked = new ArrayList<>();
    for (int i = 0; i < 9; i++) { // past the initial capacity
      parked.add(Parked.start());
    }
    parked.forEach(p -> workers.add(p.thread));
    workers.remove(parked.get(3).thread);

    workers.interruptAll(parked.get(0).thread);

    for (int i = 0; i < parked.size(); i++) {
      boolean expected = i != 0 && i != 3;
      assertThat(parked.get(i).interrupted.await(expected ? WAIT_SECONDS : 0, TimeUnit.SECONDS))
          .as("thread %d interrupted", i).isEqualTo(expected);
    }
    workers.interruptAll(null);
    assertThat(parked.get(0).interrupted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(parked.get(3).interrupted.getCount()).as("it left before either interrupt").isEqualTo(1);
    parked.get(3).thread.interrupt();
  }

  @Test
  void aThreadRegisteredTwiceStaysUntilItLeavesTwiceAndAnUnknownThreadIsIgnored() throws Exception {
    WorkerThreads workers = new WorkerThreads();
    Parked p = Parked.start();
    workers.add(p.thread);
    workers.add(p.thread);
    workers.remove(p.thread);
    workers.remove(Thread.currentThread());
    workers.interruptAll(null);
    assertThat(p.interrupted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    Parked q = Parked.start();
    workers.add(q.thread);
    workers.remove(q.thread);
    workers.interruptAll(null);
    assertThat(q.interrupted.await(100, TimeUnit.MILLISECONDS)).isFalse();
    q.thread.interrupt();
  }

  /** A virtual thread parked until interrupted, which counts its interrupt down. */
  private record Parked(Thread thread, CountDownLatch interrupted) {
    static Parked start() {
      CountDownLatch interrupted = new CountDownLatch(1);
      Thread t = Thread.ofVirtual().start(() -> {
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
      });
      return new Parked(t, interrupted);
    }
  }
}
