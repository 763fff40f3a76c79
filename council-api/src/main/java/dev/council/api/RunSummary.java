package dev.council.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stable, curated snapshot of a run, cheap to take at high frequency.
 *
 * @param runId the run id
 * @param councilId the council id
 * @param status the current status
 * @param currentRound the name of the round in progress, or null between rounds and after the end
 * @param roundsCompleted how many rounds (iterations count one each) have finished
 * @param startedAt when the run started
 * @param finishedAt when the run finished, or null while running
 * @param owner the node that runs it ({@code local} on a single JVM)
 */
public record RunSummary(
    String runId,
    String councilId,
    RunStatus status,
    @Nullable String currentRound,
    int roundsCompleted,
    Instant startedAt,
    @Nullable Instant finishedAt,
    String owner)
    implements Serializable {

  public RunSummary {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(councilId, "councilId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(owner, "owner");
  }
}
