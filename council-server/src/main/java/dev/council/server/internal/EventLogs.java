package dev.council.server.internal;

import dev.council.engine.CouncilEngine;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory event logs of the runs this server started: one per run, from before its first event
 * until the engine reaps the run or more than {@code retained} later runs finished. Thread-safe.
 */
final class EventLogs {
  private final CouncilEngine engine;
  private final int retained;
  private final int eventsPerRun;
  private final Map<String, EventLog> logs = new ConcurrentHashMap<>();
  private final Deque<String> finished = new ArrayDeque<>();

  EventLogs(CouncilEngine engine, int retained, int eventsPerRun) {
    this.engine = engine;
    this.retained = retained;
    this.eventsPerRun = eventsPerRun;
  }

  /** A new log for a run about to start. */
  EventLog open(String runId) {
    EventLog log = new EventLog(runId, eventsPerRun);
    logs.put(runId, log);
    return log;
  }

  /** The run ended: its log is kept among the {@code retained} most recent ones. */
  void finished(String runId) {
    synchronized (finished) {
      finished.addLast(runId);
      while (finished.size() > retained) {
        logs.remove(finished.removeFirst());
      }
    }
  }

  /** The log of a run, unless it was dropped or the engine reaped (or terminated) the run. */
  Optional<EventLog> find(String runId) {
    EventLog log = logs.get(runId);
    if (log == null) {
      return Optional.empty();
    }
    if (log.ended() && engine.find(runId).isEmpty()) {
      logs.remove(runId);
      return Optional.empty();
    }
    return Optional.of(log);
  }

  /** Drops the log of a run that never started. */
  void discard(String runId) {
    logs.remove(runId);
  }
}
