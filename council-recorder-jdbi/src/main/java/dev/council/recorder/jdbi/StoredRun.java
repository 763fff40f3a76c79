package dev.council.recorder.jdbi;

import dev.council.api.CouncilError;
import dev.council.api.JsonTrees;
import dev.council.api.Result;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One recorded run, without its council specification (see {@link RunHistory#runInfo}).
 *
 * @param runId the run id
 * @param councilId the council's id
 * @param status the stored status
 * @param input the run input
 * @param result the result, once the run completed, failed or was cancelled; null while running and
 *     for runs stopped before they finished
 * @param errors run-level errors: the result's errors, or why the run was stopped
 * @param attempt 1, or more for a re-run of a failed run
 * @param parentRunId the run this one re-runs, or null
 * @param ownerNode the node that ran (or runs) it
 * @param lastSeq the highest event seq the recorder saw (-1 before any), including events the filter
 *     did not store
 * @param droppedEvents events of this run that could not be kept (see {@link RecorderStats#dropped})
 * @param unjournaledCalls finished member calls of this run whose journal entry was lost (see
 *     {@link RecorderStats#journalLost}), or that a resume's claim found with a stored
 *     {@code member_completed} event but no journal row (at risk when their process died; see
 *     {@link RecorderStats#unjournaledOnResume}); each is a call a resume makes, and pays for, again
 * @param startedAt when it started, to the microsecond
 * @param finishedAt when it finished, or null
 */
public record StoredRun(
    String runId,
    String councilId,
    StoredRunStatus status,
    Map<String, Object> input,
    @Nullable Result result,
    List<CouncilError> errors,
    int attempt,
    @Nullable String parentRunId,
    String ownerNode,
    long lastSeq,
    long droppedEvents,
    long unjournaledCalls,
    Instant startedAt,
    @Nullable Instant finishedAt) {

  public StoredRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(councilId, "councilId");
    Objects.requireNonNull(status, "status");
    input = JsonTrees.copyTree(input);
    errors = List.copyOf(errors);
    Objects.requireNonNull(ownerNode, "ownerNode");
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /** The final answer, when the run has a result with one. */
  public Optional<String> answer() {
    return result == null ? Optional.empty() : result.finalAnswer();
  }

  /** This run's position in the listing order, for keyset paging with {@link RunQuery#after(StoredRun)}. */
  public RunQuery.Position position() {
    return new RunQuery.Position(startedAt, runId);
  }
}
