package dev.council.engine.internal.otel;

import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolCallResult;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@link Telemetry#OFF}: one stateless instance that is every handle, doing nothing and allocating
 * nothing.
 */
enum Noop implements Telemetry, Telemetry.RunSpan, Telemetry.RoundSpan, Telemetry.MemberSpan,
    Telemetry.ChatSpan, Telemetry.ToolSpan {
  INSTANCE;

  @Override
  public RunSpan startRun(String runId, Council council, int attempt, @Nullable String parentRunId, String nodeId,
      Map<String, String> resumedFrom) {
    return this;
  }

  @Override public Map<String, String> traceContext() { return Map.of(); }
  @Override public RoundSpan startRound(@Nullable RoundSpan outer, Round round, int index, int iteration) { return this; }
  @Override public void end(Result result) {}
  @Override public void stopped(String reason) {}
  @Override public MemberSpan startMember(Member member, @Nullable String providerId, @Nullable String model,
      @Nullable String label) { return this; }
  @Override public void end(@Nullable RoundResult result, List<CouncilError> failure) {}
  @Override public ChatSpan startChat(String providerId, ChatRequest request) { return this; }
  @Override public void chatFailed(CouncilError error) {}
  @Override public void retrying(CouncilError error) {}
  @Override public ToolSpan startTool(ToolCall call) { return this; }
  @Override public Scope makeCurrent() { return Scope.noop(); }
  @Override public void end(MemberResult result) {}

  @Override public ChatRequest traced(ChatRequest request) { return request; }

  @Override public void end(ChatResponse response) {}
  @Override public void end(ToolCallResult result) {}
}
