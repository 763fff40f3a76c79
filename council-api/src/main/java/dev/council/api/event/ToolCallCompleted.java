package dev.council.api.event;

import dev.council.api.provider.ToolCallResult;
import java.time.Instant;
import java.util.Objects;

/** A tool call finished (with a result or an error). */
public record ToolCallCompleted(String runId, long seq, Instant timestamp, String round, int roundIndex, String memberId, ToolCallResult result) implements CouncilEvent {
  public ToolCallCompleted {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public String type() {
    return "tool_call_completed";
  }
}
