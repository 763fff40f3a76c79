package dev.council.engine.internal.delivery;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** An executor that runs nothing until the test calls {@link #runAll()}, on the test's thread. */
final class ManualExecutor implements Executor {
  private final Queue<Runnable> tasks = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(task);
  }

  /** Runs queued tasks, including ones they queue, until none is left; returns how many ran. */
  int runAll() {
    int ran = 0;
    while (true) {
      Runnable task;
      synchronized (this) {
        task = tasks.poll();
      }
      if (task == null) {
        return ran;
      }
      task.run();
      ran++;
    }
  }

  synchronized int queued() {
    return tasks.size();
  }
}
