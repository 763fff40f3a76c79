package dev.council.api.spi;

import dev.council.api.Council;
import dev.council.api.JsonTrees;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What observers learn about a run when it opens.
 *
 * @param runId the run id
 * @param council the council being run
 * @param input the run input
 * @param attempt 1, or more for a re-run of a failed run
 * @param parentRunId the run this one re-runs, or null
 * @param owner the node executing the run
 * @param startedAt when it started
 * @param traceContext the trace context of the run's {@code invoke_workflow} span as W3C headers
 *     ({@code traceparent}, {@code tracestate}), recorded with the run so that a run resumed on another
 *     engine or node continues its trace; empty when tracing is off. Recorders that persist it let resumed
 *     runs join the original trace; those that do not simply start a new one.
 */
public record RunInfo(
    String runId,
    Council council,
    Map<String, Object> input,
    int attempt,
    @Nullable String parentRunId,
    String owner,
    Instant startedAt,
    Map<String, String> traceContext)
    implements Serializable {

  /** Run info without a trace context. */
  public RunInfo(String runId, Council council, Map<String, Object> input, int attempt, @Nullable String parentRunId,
      String owner, Instant startedAt) {
    this(runId, council, input, attempt, parentRunId, owner, startedAt, Map.of());
  }

  public RunInfo {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(council, "council");
    input = JsonTrees.copyTree(input);
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(startedAt, "startedAt");
    traceContext = traceContext == null || traceContext.isEmpty() ? Map.of() : Map.copyOf(traceContext);
  }
}
