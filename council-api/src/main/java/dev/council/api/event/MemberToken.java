package dev.council.api.event;

import dev.council.api.provider.StreamChunk;
import java.time.Instant;
import java.util.Objects;

/** A streamed chunk from a member whose {@code stream} option is on. */
public record MemberToken(String runId, long seq, Instant timestamp, String round, int roundIndex, String memberId, StreamChunk chunk) implements CouncilEvent {
  public MemberToken {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public String type() {
    return "member_token";
  }
}
