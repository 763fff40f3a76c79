package dev.council.api.event;


import java.time.Instant;
import java.util.Objects;

/** A round (or an iteration of an iterated round) began; {@code participants} are the member ids asked. */
public record RoundStarted(String runId, long seq, Instant timestamp, String round, String roundType, int roundIndex, int iteration, java.util.List<String> participants) implements CouncilEvent {
  public RoundStarted {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public String type() {
    return "round_started";
  }
}
