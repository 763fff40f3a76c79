package dev.council.api.event;


import java.time.Instant;
import java.util.Objects;

/** An attempt of a member call began; {@code prompt} is the user turn the member was given. */
public record MemberStarted(String runId, long seq, Instant timestamp, String round, int roundIndex, int iteration, String memberId, int attempt, String prompt) implements CouncilEvent {
  public MemberStarted {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public String type() {
    return "member_started";
  }
}
