package dev.council.api.event;

import dev.council.api.RoundResult;
import java.time.Instant;
import java.util.Objects;

/** A round (or an iteration) finished. */
public record RoundCompleted(String runId, long seq, Instant timestamp, RoundResult result) implements CouncilEvent {
  public RoundCompleted {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public String type() {
    return "round_completed";
  }
}
