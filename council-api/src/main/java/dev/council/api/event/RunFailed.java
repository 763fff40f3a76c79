package dev.council.api.event;

import dev.council.api.CouncilError;
import dev.council.api.Result;
import java.time.Instant;
import java.util.Objects;

/** The run failed or was cancelled (then {@code errors} holds a {@code CANCELLED} error); the last event. Not emitted on terminate. */
public record RunFailed(String runId, long seq, Instant timestamp, java.util.List<CouncilError> errors, Result result) implements CouncilEvent {
  public RunFailed {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public String type() {
    return "run_failed";
  }
}
