package dev.council.api.event;

import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.Objects;

/** The run began; the first event of every run. {@code attempt} is 1 unless the run re-runs a failed parent. */
public record RunStarted(String runId, long seq, Instant timestamp, String councilId, java.util.Map<String, Object> input, int attempt, @Nullable String parentRunId) implements CouncilEvent {
  public RunStarted {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public String type() {
    return "run_started";
  }
}
