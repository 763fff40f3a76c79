package dev.council.engine.local;

import dev.council.api.MemberResult;
import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@code memory} recorder: keeps each run's events, in order, and its outcome in memory, with an
 * in-memory member-call journal. For tests, demos and short-lived processes: nothing is ever evicted,
 * and everything stays queryable after {@link #close()}. Opening a run id again (a resumed run)
 * continues its recording.
 *
 * <p>Thread-safe: runs record concurrently while other threads query.
 */
public final class MemoryRecorder implements Recorder {
  private final ConcurrentMap<String, Run> runs = new ConcurrentHashMap<>();
  private final Journal journal = new Journal();

  @Override
  public RunRecording open(RunInfo run) {
    Run recording = new Run(run);
    Run previous = runs.putIfAbsent(run.runId(), recording);
    if (previous == null) {
      return recording;
    }
    previous.reopen();
    return previous;
  }

  /** A run that did not complete, fail or get cancelled can be resumed; every recorded run can be re-run. */
  @Override
  public Optional<ResumableRun> resumable(String runId) {
    Run run = runs.get(runId);
    if (run == null) {
      return Optional.empty();
    }
    List<CouncilEvent> events = run.events();
    long next = events.isEmpty() ? 0 : events.get(events.size() - 1).seq() + 1;
    RunOutcome o = run.outcome;
    return Optional.of(new ResumableRun(run.info, next, o != null && !(o instanceof RunOutcome.Stopped)));
  }

  @Override
  public List<String> unfinishedRuns(String ownerNode) {
    List<String> out = new ArrayList<>();
    runs.forEach((id, run) -> {
      RunOutcome o = run.outcome;
      boolean unfinished = o == null || o instanceof RunOutcome.Stopped stopped && stopped.resumable();
      if (unfinished && run.info.owner().equals(ownerNode)) {
        out.add(id);
      }
    });
    return out;
  }

  @Override
  public void markStuck(String runId) {
    Run run = runs.get(runId);
    if (run != null) {
      run.finish(new RunOutcome.Stopped("stuck"));
    }
  }

  /** The events recorded for {@code runId} so far, in order; empty for an unknown run. */
  public List<CouncilEvent> events(String runId) {
    Run run = runs.get(runId);
    return run == null ? List.of() : run.events();
  }

  /** The outcome of {@code runId}, once finished. */
  public Optional<RunOutcome> outcome(String runId) {
    Run run = runs.get(runId);
    return run == null ? Optional.empty() : Optional.ofNullable(run.outcome);
  }

  /** What the run was opened with. */
  public Optional<RunInfo> info(String runId) {
    return Optional.ofNullable(runs.get(runId)).map(r -> r.info);
  }

  /** The ids of every run opened on this recorder. */
  public Set<String> runIds() {
    return Set.copyOf(runs.keySet());
  }

  @Override
  public MemberCallJournal journal() {
    return journal;
  }

  /** One run's recording. The engine writes from one thread at a time; queries come from any thread. */
  private static final class Run implements RunRecording {
    private final RunInfo info;
    private final List<CouncilEvent> events = new ArrayList<>();
    private volatile @Nullable RunOutcome outcome;

    private Run(RunInfo info) {
      this.info = info;
    }

    @Override
    public synchronized void onEvent(CouncilEvent event) {
      if (outcome != null) {
        return; // after finish: ignored (a resumed run is reopened first, which clears a stop)
      }
      events.add(Objects.requireNonNull(event, "event"));
    }

    @Override
    public synchronized void finish(RunOutcome outcome) {
      if (this.outcome == null) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
      }
    }

    /** A resumed run records on: an earlier stop no longer counts as its outcome. */
    synchronized void reopen() {
      if (outcome instanceof RunOutcome.Stopped) {
        outcome = null;
      }
    }

    synchronized List<CouncilEvent> events() {
      return List.copyOf(events);
    }
  }

  /** Journal entries keyed by call; the request hash is not kept, as lookups are by key only. */
  private static final class Journal implements MemberCallJournal {
    private final ConcurrentMap<CallKey, MemberResult> results = new ConcurrentHashMap<>();

    @Override
    public Optional<MemberResult> find(CallKey key) {
      return Optional.ofNullable(results.get(key));
    }

    @Override
    public void record(CallKey key, String requestHash, MemberResult result) {
      results.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(result, "result"));
    }
  }
}
