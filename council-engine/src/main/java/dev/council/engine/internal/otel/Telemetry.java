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
 * The instrumentation of one engine's runs: starts a run's span, from which round, member, model-call and
 * tool spans descend through the handles below. {@link #OFF} (no SDK, or {@code council.otel.enabled=false})
 * hands out one shared no-op handle for everything, so the uninstrumented path allocates nothing.
 *
 * <p>Implementations are thread-safe. A handle belongs to the thread that does the work it describes:
 * a run span to the run's thread (ended by whichever thread finishes or terminates the run), a member span
 * to the member's thread; each handle is ended once.
 */
public interface Telemetry {
  /** No instrumentation at all. */
  Telemetry OFF = Noop.INSTANCE;
  /** The run span that records nothing: what a run holds before it starts. */
  RunSpan NO_RUN_SPAN = Noop.INSTANCE;

  /**
   * Starts a run's {@code invoke_workflow} span, a child of the calling thread's current context (a
   * sub-council run thus nests under its member's span).
   *
   * @param resumedFrom the trace context the run recorded before it was resumed here (continued, and
   *     linked), or empty for a new run
   */
  RunSpan startRun(String runId, Council council, int attempt, @Nullable String parentRunId, String nodeId,
      Map<String, String> resumedFrom);

  /** The span of one run. */
  interface RunSpan {
    /** This span's context as W3C headers, to record with the run; empty when not tracing. */
    Map<String, String> traceContext();

    /**
     * Starts the span of one round (or one iteration of an iterated round).
     *
     * @param outer the round running this one as an inner round, or null for a top-level round
     */
    RoundSpan startRound(@Nullable RoundSpan outer, Round round, int index, int iteration);

    /** Ends the run with its result. */
    void end(Result result);

    /** Ends the run that was stopped without a result (terminated, or its engine closed). */
    void stopped(String reason);
  }

  /** The span of one round. */
  interface RoundSpan {
    /**
     * Starts a member's {@code invoke_agent} span.
     *
     * @param label the anonymized label the member's own answer is shown under in this round, or null
     */
    MemberSpan startMember(Member member, @Nullable String providerId, @Nullable String model,
        @Nullable String label);

    /**
     * Ends the round.
     *
     * @param result the round's result, or null when it was aborted (run terminated)
     * @param failure why the round failed the run, empty when it did not
     */
    void end(@Nullable RoundResult result, List<CouncilError> failure);
  }

  /** The span of one member call (every attempt, tool and sub-council run of it). */
  interface MemberSpan {
    /** Starts the {@code chat} span of one provider call (the request's context carries the attempt). */
    ChatSpan startChat(String providerId, ChatRequest request);

    /** Ends the provider call still open (if any) as failed with {@code error}. */
    void chatFailed(CouncilError error);

    /** Counts a retry after {@code error}. */
    void retrying(CouncilError error);

    /** Starts an {@code execute_tool} span. */
    ToolSpan startTool(ToolCall call);

    /** Makes this span current on the calling thread (for a sub-council run started from it). */
    Scope makeCurrent();

    /** Ends the member call with its result. */
    void end(MemberResult result);
  }

  /** The span of one provider call. */
  interface ChatSpan {
    /**
     * The request to send: {@code request} with this span's trace headers in its call context ({@code
     * request} itself when there are none).
     */
    ChatRequest traced(ChatRequest request);

    /** Makes this span current on the calling thread while the provider is called. */
    Scope makeCurrent();

    /** Ends the call with the provider's response. */
    void end(ChatResponse response);
  }

  /** The span of one tool call. */
  interface ToolSpan {
    /** Ends the tool call with its result. */
    void end(ToolCallResult result);
  }
}
