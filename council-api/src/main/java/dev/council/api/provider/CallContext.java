package dev.council.api.provider;

import java.io.Serializable;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who makes a provider call. Never sent over the wire, except {@link #traceHeaders}; used by mock
 * providers, tracing and logs.
 *
 * @param runId the run, or null outside a run
 * @param round the round name, or null
 * @param roundIndex the round index, or -1
 * @param iteration the iteration, or 0
 * @param memberId the member, or null
 * @param attempt the attempt number from 1, or 0
 * @param traceHeaders the trace context of the call's {@code chat} span as HTTP headers (W3C {@code
 *     traceparent}, {@code tracestate}, or whatever the engine's OpenTelemetry propagator writes), which
 *     HTTP providers add to the request so gateways and proxies join the run's trace; empty when tracing
 *     is off. Never holds secrets.
 */
public record CallContext(
    @Nullable String runId, @Nullable String round, int roundIndex, int iteration, @Nullable String memberId,
    int attempt, Map<String, String> traceHeaders)
    implements Serializable {

  public static final CallContext NONE = new CallContext(null, null, -1, 0, null, 0);

  public CallContext {
    traceHeaders = traceHeaders == null || traceHeaders.isEmpty() ? Map.of() : Map.copyOf(traceHeaders);
  }

  /** A call context without trace headers. */
  public CallContext(@Nullable String runId, @Nullable String round, int roundIndex, int iteration,
      @Nullable String memberId, int attempt) {
    this(runId, round, roundIndex, iteration, memberId, attempt, Map.of());
  }

  /** This context with {@code headers} as its trace headers. */
  public CallContext withTraceHeaders(Map<String, String> headers) {
    return new CallContext(runId, round, roundIndex, iteration, memberId, attempt, headers);
  }
}
