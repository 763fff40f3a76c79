package dev.council.server;

import dev.council.api.event.CouncilEvent;
import dev.council.api.json.JsonMapping;
import dev.council.recorder.jdbi.RunHistory;
import dev.council.recorder.jdbi.RunQuery;
import dev.council.recorder.jdbi.StoredRun;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PastRuns} over the PostgreSQL recorder's tables ({@link RunHistory}). Needs {@code
 * council-recorder-jdbi} on the class path. Thread-safe; every method blocks on the database.
 */
public final class JdbiPastRuns implements PastRuns {
  private final RunHistory history;

  private JdbiPastRuns(RunHistory history) {
    this.history = history;
  }

  /** Past runs read through {@code history}. */
  public static JdbiPastRuns of(RunHistory history) {
    return new JdbiPastRuns(Objects.requireNonNull(history, "history"));
  }

  @Override
  public List<PastRun> list(int limit, int offset) {
    return history.runs(RunQuery.all().withLimit(limit).withOffset(offset)).stream()
        .map(r -> pastRun(r, false))
        .toList();
  }

  @Override
  public Optional<PastRun> find(String runId) {
    return history.run(runId).map(r -> pastRun(r, true));
  }

  @Override
  public List<CouncilEvent> events(String runId, long fromSeq, int limit) {
    return history.events(runId, fromSeq, limit).stream().map(e -> JsonMapping.event(e.payload())).toList();
  }

  @Override
  public void check() {
    history.runs(RunQuery.all().withLimit(1));
  }

  private static PastRun pastRun(StoredRun r, boolean full) {
    return new PastRun(r.runId(), r.councilId(), r.status().name(), r.startedAt(), r.finishedAt(),
        full ? r.result() : null, full ? r.errors() : List.of());
  }

  @Override
  public String toString() {
    return "JdbiPastRuns[" + history + "]";
  }
}
