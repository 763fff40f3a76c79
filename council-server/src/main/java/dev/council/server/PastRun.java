package dev.council.server;

import dev.council.api.CouncilError;
import dev.council.api.Result;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run as the recorder stored it.
 *
 * @param runId the run id
 * @param councilId the council id
 * @param status the stored status: {@code RUNNING}, {@code COMPLETED}, {@code FAILED}, {@code CANCELLED}
 *     or {@code STUCK}
 * @param startedAt when it started
 * @param finishedAt when it finished, or null
 * @param result its result, or null while running, or when listed
 * @param errors its errors (empty when listed)
 */
public record PastRun(String runId, String councilId, String status, Instant startedAt, @Nullable Instant finishedAt,
    @Nullable Result result, List<CouncilError> errors) {
  public PastRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(councilId, "councilId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    errors = List.copyOf(errors);
  }
}
