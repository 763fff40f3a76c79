package dev.council.engine.internal.run;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The threads working for one run right now — the round's thread while it makes a member call, and each
 * member call's own thread — so that cancel, terminate and fail-fast can interrupt them. A run has a handful
 * at a time and adds and removes each once per member call, so they are kept in a small array under this
 * object's lock rather than in a concurrent hash table (whose table, nodes and counter a run would allocate
 * for three entries).
 *
 * <p>Thread-safe. Interrupts happen outside the lock, on a snapshot: a thread added meanwhile is not
 * interrupted by that call, which is why {@link Run#enter} checks the run's stop cause after adding.
 */
final class WorkerThreads {
  private Thread[] threads = new Thread[4];
  private int size;

  synchronized void add(Thread t) {
    if (size == threads.length) {
      threads = Arrays.copyOf(threads, size * 2);
    }
    threads[size++] = t;
  }

  /** Removes one registration of {@code t}; a thread that is not registered is ignored. */
  synchronized void remove(Thread t) {
    for (int i = size - 1; i >= 0; i--) {
      if (threads[i] == t) {
        threads[i] = threads[--size];
        threads[size] = null;
        return;
      }
    }
  }

  /** Interrupts every registered thread except {@code except} (none when null). */
  void interruptAll(@Nullable Thread except) {
    Thread[] snapshot;
    synchronized (this) {
      snapshot = Arrays.copyOf(threads, size);
    }
    for (Thread t : snapshot) {
      if (t != except) {
        t.interrupt();
      }
    }
  }
}
