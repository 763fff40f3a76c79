package dev.council.engine.internal.run;

import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.RunRecording;
import dev.council.engine.internal.delivery.DirectListener;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a run's event stream: assigns sequence numbers and delivers each event, in order,
 * to the recording, the run's local listeners, the run topic and the relay topics. Every target is
 * asynchronous and isolated, so emitting never waits on an observer, except the run's direct listeners
 * ({@link DirectListener}), which the emitting thread calls itself once it has released the lock.
 * Thread-safe.
 */
final class Emitter {
  private static final Logger log = LoggerFactory.getLogger(Emitter.class);

  /** Creates an event given its sequence number and timestamp. */
  @FunctionalInterface
  interface EventFactory<E extends CouncilEvent> {
    E create(long seq, Instant timestamp);
  }

  private final Clock clock;
  private final PubSub pubSub;
  private final List<String> topics;
  private final RunRecording recording;
  private final List<CouncilListener> listeners;
  private final List<DirectListener> direct;
  private long nextSeq;
  private boolean muted;

  Emitter(Clock clock, PubSub pubSub, List<String> topics, RunRecording recording, List<CouncilListener> listeners,
      List<DirectListener> direct, long firstSeq) {
    this.clock = clock;
    this.pubSub = pubSub;
    this.topics = List.copyOf(topics);
    this.recording = recording;
    this.listeners = List.copyOf(listeners);
    this.direct = List.copyOf(direct);
    this.nextSeq = firstSeq;
  }

  /**
   * Emits an event and returns it; after {@link #mute()} (terminate) the event is delivered nowhere. Returns
   * once the direct listeners have had it (and any event other threads emitted meanwhile).
   */
  <E extends CouncilEvent> E emit(EventFactory<E> factory) {
    E event = publish(factory);
    boolean last = event.terminal();
    for (int i = 0; i < direct.size(); i++) {
      if (last) {
        direct.get(i).drainAll(); // the result is published after this returns: the listener has had it by then
      } else {
        direct.get(i).drain();
      }
    }
    return event;
  }

  private synchronized <E extends CouncilEvent> E publish(EventFactory<E> factory) {
    E event = factory.create(nextSeq, clock.instant());
    if (muted) {
      return event;
    }
    nextSeq++;
    for (int i = 0; i < direct.size(); i++) {
      direct.get(i).enqueue(event);
    }
    recording.onEvent(event);
    for (CouncilListener l : listeners) {
      l.onEvent(event);
    }
    for (String topic : topics) {
      try {
        pubSub.publish(topic, event);
      } catch (RuntimeException e) {
        log.warn("publishing {} of run {} to {} failed: {}", event.type(), event.runId(), topic, e.toString());
      }
    }
    return event;
  }

  /** Stops all further emission (terminate). */
  synchronized void mute() {
    muted = true;
  }
}
