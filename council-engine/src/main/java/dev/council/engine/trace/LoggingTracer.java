package dev.council.engine.trace;

import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.MemberToken;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.api.event.RunStarted;
import dev.council.api.event.ToolCallCompleted;
import dev.council.api.event.ToolCallRequested;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunTracer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code logging} tracer: one SLF4J line per lifecycle event on logger {@code dev.council.run}. Run,
 * round and member completions log at INFO (a failed run at WARN); member starts and tool calls at
 * DEBUG; streamed tokens are not logged. Prompts and responses are never logged.
 *
 * <p>Stateless and thread-safe: one instance serves every run.
 */
public final class LoggingTracer implements RunTracer, CouncilListener {
  private static final Logger LOG = LoggerFactory.getLogger("dev.council.run");

  @Override
  public Optional<CouncilListener> attach(RunInfo run) {
    return Optional.of(this);
  }

  @Override
  public void onEvent(CouncilEvent event) {
    switch (event) {
      case RunStarted e -> LOG.info("run {} started: council={} attempt={}", e.runId(), e.councilId(), e.attempt());
      case RoundStarted e -> LOG.info("run {} round {} '{}' ({}) iteration {} started: participants={}",
          e.runId(), e.roundIndex(), e.round(), e.roundType(), e.iteration(), e.participants());
      case MemberStarted e -> LOG.debug("run {} round {} member {} attempt {} started",
          e.runId(), e.round(), e.memberId(), e.attempt());
      case MemberToken e -> { }
      case ToolCallRequested e -> LOG.debug("run {} round {} member {} calls tool {}",
          e.runId(), e.round(), e.memberId(), e.call().name());
      case ToolCallCompleted e -> LOG.debug("run {} round {} member {} tool {} {}",
          e.runId(), e.round(), e.memberId(), e.result().name(), e.result().failed() ? "failed" : "succeeded");
      case MemberCompleted e -> memberCompleted(e);
      case RoundCompleted e -> roundCompleted(e);
      case RunCompleted e -> LOG.info("run {} completed: council={} rounds={} tokens={}/{}",
          e.runId(), e.result().councilId(), e.result().rounds().size(),
          e.result().usage().inputTokens(), e.result().usage().outputTokens());
      case RunFailed e -> runFailed(e);
    }
  }

  private static void memberCompleted(MemberCompleted e) {
    MemberResult r = e.result();
    LOG.info("run {} round {} member {} {}: latency={}ms tokens={}/{} attempts={}{}",
        e.runId(), e.round(), r.memberId(), r.status(), r.latency().toMillis(), r.usage().inputTokens(),
        r.usage().outputTokens(), r.attempts(), r.error() == null ? "" : " error=" + r.error().message());
  }

  private static void roundCompleted(RoundCompleted e) {
    RoundResult r = e.result();
    LOG.info("run {} round {} '{}' iteration {} completed: ok={}/{}{}", e.runId(), r.index(), r.name(),
        r.iteration(), r.successful().size(), r.members().size(),
        r.aggregate() != null && r.aggregate().winner() != null ? " winner=" + r.aggregate().winner() : "");
  }

  private static void runFailed(RunFailed e) {
    Result r = e.result();
    LOG.warn("run {} ended {}: council={} errors={}", e.runId(), r.status(), r.councilId(),
        e.errors().stream().map(err -> err.kind() + ": " + err.message()).toList());
  }
}
