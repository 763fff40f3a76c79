package dev.council.server.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What one event stream has still to send: at most {@code capacity} items (frames, events, {@link
 * EventLog#TERMINATED}). When a producer finds it full — the client reads more slowly than the run emits —
 * the queue <em>overflows</em>: it drops what it holds, refuses every later item and stays so, and the
 * stream ends with {@code slow_client} and the last seq it sent, so the client resumes from there with
 * {@code Last-Event-ID} instead of losing events silently. That bounds a stream's memory whatever its
 * client does. Thread-safe: producers (the run's listener, a subscription) offer, the stream's thread polls.
 */
final class StreamQueue {
  private final BlockingQueue<Object> items;
  private volatile boolean overflowed;

  StreamQueue(int capacity) {
    this.items = new ArrayBlockingQueue<>(capacity);
  }

  /** Adds an item; once full, overflows (see the class comment). Never blocks. */
  void offer(Object item) {
    if (overflowed) {
      return;
    }
    if (!items.offer(item)) {
      overflowed = true;
      items.clear();
    }
  }

  /** The next item, waiting up to {@code millis}; null when none came or the queue overflowed. */
  @Nullable Object poll(long millis) throws InterruptedException {
    if (overflowed) {
      return null;
    }
    Object item = items.poll(millis, TimeUnit.MILLISECONDS);
    return overflowed ? null : item;
  }

  /** Whether a producer found the queue full: the stream must end with {@code slow_client}. */
  boolean overflowed() {
    return overflowed;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }
}
