package dev.council.server.internal;

import dev.council.api.event.CouncilEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The events of one run this server started, kept in memory for event-stream resumes and replays, and the
 * streams following it. Thread-safe: the run's listener appends, streams attach and detach from request
 * threads. Holds at most {@code capacity} events; later ones reach attached streams only. Each event is
 * written as an SSE frame once, however many streams send it.
 */
final class EventLog {
  /** What a stream's queue receives when the log ends without a terminal event (terminate). */
  static final Object TERMINATED = new Object() {
    @Override
    public String toString() {
      return "terminated";
    }
  };

  private final String runId;
  private final int capacity;
  private final List<Frame> events = new ArrayList<>();
  private final Set<StreamQueue> streams = ConcurrentHashMap.newKeySet();
  private long lastSeq = -1;
  private boolean truncated;
  private boolean ended;

  EventLog(String runId, int capacity) {
    this.runId = runId;
    this.capacity = capacity;
  }

  String runId() {
    return runId;
  }

  /** Appends an event (from the run's listener) and hands it to every attached stream. */
  synchronized void add(CouncilEvent event) {
    if (event.seq() <= lastSeq) {
      return;
    }
    lastSeq = event.seq();
    Frame frame = Frame.of(event);
    if (events.size() < capacity) {
      events.add(frame);
    } else {
      truncated = true;
    }
    for (StreamQueue q : streams) {
      q.offer(frame);
    }
    if (event.terminal()) {
      ended = true;
    }
  }

  /** Marks the run gone without a terminal event (terminated); attached streams end. */
  synchronized void terminate() {
    if (!ended) {
      ended = true;
      for (StreamQueue q : streams) {
        q.offer(TERMINATED);
      }
    }
  }

  /** Whether more events came than the log keeps. */
  synchronized boolean truncated() {
    return truncated;
  }

  synchronized boolean ended() {
    return ended;
  }

  /**
   * The kept events after {@code afterSeq}; unless the log has ended, {@code queue} receives every later
   * event until {@link #detach}. A run that emitted more than the capacity has a gap between the kept
   * events and the live ones.
   */
  synchronized List<Frame> attach(long afterSeq, StreamQueue queue) {
    List<Frame> backlog = new ArrayList<>();
    for (Frame f : events) {
      if (f.event().seq() > afterSeq) {
        backlog.add(f);
      }
    }
    if (!ended) {
      streams.add(queue);
    } else if (backlog.isEmpty() || !backlog.getLast().event().terminal()) {
      queue.offer(TERMINATED);
    }
    return backlog;
  }

  void detach(StreamQueue queue) {
    streams.remove(queue);
  }

  /** How many streams are attached. */
  int streams() {
    return streams.size();
  }
}
