package dev.council.api.event;

import dev.council.api.provider.ToolCall;
import java.time.Instant;
import java.util.Objects;

/** A member asked to call a tool; emitted just before the tool runs. */
public record ToolCallRequested(String runId, long seq, Instant timestamp, String round, int roundIndex, String memberId, ToolCall call) implements CouncilEvent {
  public ToolCallRequested {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public String type() {
    return "tool_call_requested";
  }
}
