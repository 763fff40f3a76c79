package dev.council.engine.internal.support;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts a new virtual thread for each task, like {@link
 * java.util.concurrent.Executors#newVirtualThreadPerTaskExecutor()}, but keeps a count of its tasks instead of
 * a set of their threads. That set is one concurrent hash table shared by every run of an engine, updated
 * when each run's and each member call's thread starts and ends; with 10,000 runs in flight its updates were
 * a measurable share of the engine's CPU (docs/benchmarks.md §14e).
 *
 * <p>What it gives up: {@link #shutdownNow()} does not interrupt the tasks still running, since it does not
 * know their threads (the contract asks for a best effort only). The engine does not need it: before it shuts
 * its executor down it stops every run in flight itself, which interrupts the run's threads, and a member's
 * tool calls are cancelled by the member's own thread as it unwinds. {@link #awaitTermination} waits for
 * every task to end, as usual.
 *
 * <p>Thread-safe.
 */
public final class VirtualThreadExecutor extends AbstractExecutorService {
  private final ThreadFactory threads;
  /** Tasks running, plus one until {@link #shutdown}: zero means terminated. */
  private final AtomicLong open = new AtomicLong(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean shutdown;

  public VirtualThreadExecutor() {
    this(Thread.ofVirtual().factory());
  }

  /** With {@code threads} making the (virtual) threads. */
  public VirtualThreadExecutor(ThreadFactory threads) {
    this.threads = Objects.requireNonNull(threads, "threads");
  }

  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    open.incrementAndGet();
    boolean started = false;
    try {
      // the flag is set before shutdown() takes its one away: reading it false here means this task's count
      // was added first, so termination waits for it
      if (shutdown) {
        throw new RejectedExecutionException("the executor is shut down");
      }
      Thread t = threads.newThread(() -> {
        try {
          task.run();
        } finally {
          ended();
        }
      });
      if (t == null) {
        throw new RejectedExecutionException("the thread factory made no thread");
      }
      t.start();
      started = true;
    } finally {
      if (!started) {
        ended(); // the task never ran: its count goes, so it cannot hold termination up
      }
    }
  }

  private void ended() {
    if (open.decrementAndGet() == 0) {
      terminated.countDown();
    }
  }

  @Override
  public void shutdown() {
    synchronized (this) {
      if (shutdown) {
        return;
      }
      shutdown = true;
    }
    ended();
  }

  /** {@link #shutdown()}; tasks already running are not interrupted (see the class comment). */
  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }
}
