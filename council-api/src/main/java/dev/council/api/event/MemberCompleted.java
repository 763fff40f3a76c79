package dev.council.api.event;

import dev.council.api.MemberResult;
import java.time.Instant;
import java.util.Objects;

/** A member finished its part of a round, successfully or not. */
public record MemberCompleted(String runId, long seq, Instant timestamp, String round, int roundIndex, int iteration, MemberResult result) implements CouncilEvent {
  public MemberCompleted {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public String type() {
    return "member_completed";
  }
}
