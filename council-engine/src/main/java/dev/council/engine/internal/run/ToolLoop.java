package dev.council.engine.internal.run;

import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.Usage;
import dev.council.api.event.MemberToken;
import dev.council.api.event.ToolCallCompleted;
import dev.council.api.event.ToolCallRequested;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolChoice;
import dev.council.api.provider.ToolCallResult;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.Tool;
import dev.council.api.spi.ToolContext;
import dev.council.engine.internal.otel.Telemetry;
import dev.council.engine.internal.support.Durations;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The multi-turn tool loop of one attempt: calls the provider (streaming tokens as events) and, while the
 * model asks for tools, runs the requested tools in parallel (bounded by the member's tool policy, each
 * with its time limit) and hands their results back, up to the policy's number of turns.
 *
 * <p>Runs on the member's thread; tool calls run on the executor. Stateless apart from its executor, so one
 * instance serves every member call of an engine.
 */
final class ToolLoop {
  private final ExecutorService executor;

  ToolLoop(ExecutorService executor) {
    this.executor = executor;
  }

  /**
   * What one attempt produced: the final reply, the usage of every turn, the model that answered and the
   * final response's metadata (logprobs, ...).
   */
  record Exchange(String content, Usage usage, @Nullable String model, Map<String, Object> metadata) {}

  /**
   * Runs one attempt to its final reply.
   *
   * @throws AttemptFailure when the model keeps asking for tools past the limit, or a tool fails under
   *     {@code fail_fast}
   * @throws dev.council.api.provider.ProviderException as the provider throws it
   */
  Exchange exchange(RoundExecution ctx, Member member, LlmProvider provider, ChatRequest request, List<Tool> tools,
      MemberPolicy.ToolPolicy policy, Telemetry.MemberSpan span) {
    Run run = ctx.run();
    Usage usage = Usage.ZERO;
    ChatRequest turn = request;
    List<ChatMessage> convo = null; // the conversation grows only when the model asks for tools
    int turns = 0;
    while (true) {
      // a failed call's span is ended by the dispatcher, with the failure as it classifies it
      Telemetry.ChatSpan chat = span.startChat(provider.id(), turn);
      ChatResponse response;
      try (Scope current = chat.makeCurrent()) {
        response = provider.chat(chat.traced(turn), chunk -> run.emitter().emit((seq, ts) ->
            new MemberToken(run.runId, seq, ts, ctx.round().name(), ctx.roundIndex(), member.id(), chunk)));
      }
      chat.end(response);
      usage = usage.plus(response.usage());
      if (!response.hasToolCalls() || tools.isEmpty()) {
        return new Exchange(response.content(), usage, response.model(), response.metadata());
      }
      if (++turns > policy.maxTurns()) {
        throw new AttemptFailure(CouncilError.of(ErrorKind.PERMANENT, "the model kept asking for tools after "
            + policy.maxTurns() + " tool turns; raise the member option " + MemberPolicy.MAX_TOOL_TURNS
            + " if that is expected"));
      }
      List<ToolCallResult> results = runTools(ctx, member, tools, policy, response.toolCalls(), span);
      if (convo == null) {
        convo = new ArrayList<>(request.messages());
      }
      convo.add(ChatMessage.assistant(response.content(), response.toolCalls()));
      for (ToolCallResult r : results) {
        convo.add(ChatMessage.tool(r));
      }
      // A forcing tool choice applies to the first turn: once tools ran, the model may answer.
      turn = request.withMessages(convo).withToolChoice(forces(request.toolChoice()) ? ToolChoice.AUTO
          : request.toolChoice());
    }
  }

  private static boolean forces(@Nullable ToolChoice choice) {
    return choice != null && (choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.TOOL);
  }

  private List<ToolCallResult> runTools(RoundExecution ctx, Member member, List<Tool> tools,
      MemberPolicy.ToolPolicy policy, List<ToolCall> calls, Telemetry.MemberSpan span) {
    Run run = ctx.run();
    Telemetry.ToolSpan[] spans = new Telemetry.ToolSpan[calls.size()];
    int ended = 0;
    Map<String, Tool> byName = new LinkedHashMap<>();
    tools.forEach(t -> byName.put(t.name(), t));
    Semaphore permits = new Semaphore(Math.max(1, (int) Math.ceil(calls.size() * policy.concurrency())));
    ToolContext tc = new ToolContext(run.runId, ctx.round().name(), member.id());
    List<Future<ToolCallResult>> futures = new ArrayList<>();
    for (ToolCall call : calls) {
      run.emitter().emit((seq, ts) -> new ToolCallRequested(run.runId, seq, ts, ctx.round().name(), ctx.roundIndex(),
          member.id(), call));
      spans[futures.size()] = span.startTool(call);
      futures.add(executor.submit(() -> executeTool(byName.get(call.name()), call, tc, permits)));
    }
    List<ToolCallResult> results = new ArrayList<>();
    try {
      for (int i = 0; i < calls.size(); i++) {
        ToolCall call = calls.get(i);
        ToolCallResult r;
        try {
          r = futures.get(i).get(Durations.saturatedNanos(policy.timeout()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          futures.get(i).cancel(true);
          r = new ToolCallResult(call.id(), call.name(), null, "tool '" + call.name() + "' timed out after "
              + policy.timeout());
        } catch (ExecutionException e) {
          r = new ToolCallResult(call.id(), call.name(), null, String.valueOf(e.getCause()));
        }
        ToolCallResult done = r;
        spans[ended++].end(done);
        run.emitter().emit((seq, ts) -> new ToolCallCompleted(run.runId, seq, ts, ctx.round().name(),
            ctx.roundIndex(), member.id(), done));
        if (done.failed() && policy.failFast()) {
          throw new AttemptFailure(CouncilError.of(ErrorKind.PERMANENT, "tool '" + call.name() + "' failed: "
              + done.error() + " (tool strategy fail_fast)"));
        }
        results.add(done);
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AttemptFailure(CouncilError.of(ErrorKind.CANCELLED, "interrupted while tools ran"));
    } finally {
      for (Future<ToolCallResult> f : futures) {
        f.cancel(true);
      }
      for (int i = ended; i < futures.size(); i++) {
        spans[i].end(new ToolCallResult(calls.get(i).id(), calls.get(i).name(), null, "cancelled"));
      }
    }
  }

  private static ToolCallResult executeTool(@Nullable Tool tool, ToolCall call, ToolContext tc, Semaphore permits)
      throws InterruptedException {
    if (tool == null) {
      return new ToolCallResult(call.id(), call.name(), null, "unknown tool '" + call.name() + "'");
    }
    permits.acquire();
    try {
      return new ToolCallResult(call.id(), call.name(), tool.execute(call.arguments(), tc), null);
    } catch (RuntimeException e) {
      return new ToolCallResult(call.id(), call.name(), null, e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      permits.release();
    }
  }
}
