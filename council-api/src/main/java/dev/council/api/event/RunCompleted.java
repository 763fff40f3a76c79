package dev.council.api.event;

import dev.council.api.Result;
import java.time.Instant;
import java.util.Objects;

/** The run completed; the last event of a successful run. */
public record RunCompleted(String runId, long seq, Instant timestamp, Result result) implements CouncilEvent {
  public RunCompleted {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public String type() {
    return "run_completed";
  }
}
