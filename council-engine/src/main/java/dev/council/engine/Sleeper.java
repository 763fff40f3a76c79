package dev.council.engine;

import java.time.Duration;

/**
 * Waits between retry attempts. Injected so tests can retry without real waiting. Implementations must
 * be interruptible: a cancelled run interrupts the sleeping thread.
 */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps with {@link Thread#sleep(Duration)}. */
  Sleeper SYSTEM = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
