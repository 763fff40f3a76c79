package dev.council.testkit;

import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small recorder keeping each run's events and outcomes in lists, writing through a {@link Sink} that
 * can be made to fail. With {@link Defect#NONE} it follows the recorder guide; each other {@link Defect}
 * breaks exactly one of its rules, so the kit tests can show that {@link RecorderKit} catches it.
 */
class ListRecorder implements Recorder {

  /** One way to break the recorder contract. */
  enum Defect {
    /** Follows the contract. */
    NONE,
    /** A second {@code finish} replaces the first outcome. */
    ACCEPTS_SECOND_FINISH,
    /** A second {@code finish} appends a second outcome. */
    RECORDS_TWO_OUTCOMES,
    /** Events after {@code finish} are stored. */
    RECORDS_AFTER_FINISH,
    /** Each event is stored in front of the earlier ones (a LIFO buffer). */
    REVERSES_ORDER,
    /** Events of types it does not know are silently dropped (gaps in the seq). */
    DROPS_UNKNOWN_TYPES,
    /** Every {@code member_started} is written twice (a retry without de-duplication). */
    DUPLICATES_EVENTS,
    /** A failing sink's exception reaches the caller. */
    LETS_SINK_FAILURES_THROUGH
  }

  /** Where the recorder writes; it fails every write when {@code failing}. */
  static final class Sink {
    private final boolean failing;

    Sink(boolean failing) {
      this.failing = failing;
    }

    void write(Runnable write) {
      if (failing) {
        throw new UncheckedIOException(new java.io.IOException("disk full"));
      }
      write.run();
    }
  }

  private final Defect defect;
  private final Sink sink;
  private final Map<String, List<CouncilEvent>> events = new ConcurrentHashMap<>();
  private final Map<String, List<RunOutcome>> outcomes = new ConcurrentHashMap<>();
  private final AtomicLong failedWrites = new AtomicLong();

  ListRecorder(Defect defect, boolean sinkFails) {
    this.defect = defect;
    this.sink = new Sink(sinkFails);
  }

  @Override
  public RunRecording open(RunInfo run) {
    List<CouncilEvent> stored = events.computeIfAbsent(run.runId(), id -> new ArrayList<>());
    List<RunOutcome> finished = outcomes.computeIfAbsent(run.runId(), id -> new ArrayList<>());
    return new RunRecording() {
      private boolean done;

      @Override
      public void onEvent(CouncilEvent event) {
        if (done && defect != Defect.RECORDS_AFTER_FINISH) {
          return;
        }
        if (defect == Defect.DROPS_UNKNOWN_TYPES
            && !List.of("run_started", "member_started", "run_completed").contains(event.type())) {
          return;
        }
        write(() -> {
          synchronized (stored) {
            if (defect == Defect.REVERSES_ORDER) {
              stored.addFirst(event);
            } else {
              stored.add(event);
            }
            if (defect == Defect.DUPLICATES_EVENTS && event.type().equals("member_started")) {
              stored.add(event);
            }
          }
        });
      }

      @Override
      public void finish(RunOutcome outcome) {
        boolean again = done;
        done = true;
        if (again && defect != Defect.ACCEPTS_SECOND_FINISH && defect != Defect.RECORDS_TWO_OUTCOMES) {
          return;
        }
        write(() -> {
          synchronized (finished) {
            if (defect == Defect.ACCEPTS_SECOND_FINISH) {
              finished.clear();
            }
            finished.add(outcome);
          }
        });
      }
    };
  }

  /** The stored events of {@code runId}, in stored order. */
  List<CouncilEvent> events(String runId) {
    List<CouncilEvent> stored = events.getOrDefault(runId, List.of());
    synchronized (stored) {
      return List.copyOf(stored);
    }
  }

  /** The stored outcomes of {@code runId}, oldest first. */
  List<RunOutcome> outcomes(String runId) {
    List<RunOutcome> stored = outcomes.getOrDefault(runId, List.of());
    synchronized (stored) {
      return List.copyOf(stored);
    }
  }

  /** Writes that failed. */
  long failedWrites() {
    return failedWrites.get();
  }

  private void write(Runnable write) {
    try {
      sink.write(write);
    } catch (UncheckedIOException e) {
      if (defect == Defect.LETS_SINK_FAILURES_THROUGH) {
        throw e;
      }
      failedWrites.incrementAndGet();
    }
  }
}
