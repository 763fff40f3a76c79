package dev.council.api.spi;

import dev.council.api.Council;
import dev.council.api.JsonTrees;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What observers learn about a run when it opens.
 *
 * @param runId the run id
 * @param council the council being run
 * @param input the run input
 * @param attempt 1, or more for a re-run of a failed run
 * @param parentRunId the run this one re-runs, or null
 * @param owner the node executing the run
 * @param startedAt when it started
 */
public record RunInfo(
    String runId,
    Council council,
    Map<String, Object> input,
    int attempt,
    @Nullable String parentRunId,
    String owner,
    Instant startedAt)
    implements Serializable {

  public RunInfo {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(council, "council");
    input = JsonTrees.copyTree(input);
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
