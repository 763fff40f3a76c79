package dev.council.engine.internal.run;

import dev.council.api.MemberResult;
import dev.council.api.ResultMetadata;
import dev.council.api.event.MemberCompleted;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.MemberCall;
import dev.council.engine.internal.catalog.Catalog;
import dev.council.engine.internal.otel.Telemetry;
import io.opentelemetry.context.Scope;
import java.util.Optional;

/**
 * Every member call of every round: resolves the member's {@link MemberPolicy} once, takes a finished call
 * from the run's {@link CallJournal} instead of making it again, else hands it to the {@link Dispatcher}
 * (model members) or {@link SubCouncilCalls} (sub-council members) inside the member's span (a sub-council's
 * run nests under it), journals what finished, counts the call and emits {@code MemberCompleted}.
 *
 * <p>Runs on the member's virtual thread. Stateless apart from its collaborators; one instance serves an
 * engine.
 */
final class MemberCalls {
  private final Catalog catalog;
  private final MemberPolicy.Defaults defaults;
  private final Dispatcher dispatcher;
  private final SubCouncilCalls subCouncils;

  MemberCalls(Catalog catalog, MemberPolicy.Defaults defaults, Dispatcher dispatcher, SubCouncilCalls subCouncils) {
    this.catalog = catalog;
    this.defaults = defaults;
    this.dispatcher = dispatcher;
    this.subCouncils = subCouncils;
  }

  MemberResult call(RoundExecution ctx, MemberCall call) {
    Run run = ctx.run();
    CallKey key = new CallKey(run.runId, ctx.roundIndex(), ctx.iteration(), call.member().id());
    Optional<MemberResult> journaled = run.journal.find(key);
    if (journaled.isPresent()) {
      MemberResult r = journaled.get();
      run.addUsage(r.usage());
      return completed(ctx, r);
    }
    MemberResult result;
    Telemetry.MemberSpan span;
    String label = call.metadata().get(ResultMetadata.OWN_LABEL) instanceof String s ? s : null;
    if (call.member().isSubCouncil()) {
      span = ctx.span().startMember(call.member(), null, null, label);
      try (Scope current = span.makeCurrent()) {
        result = subCouncils.call(ctx, call);
      }
    } else {
      MemberPolicy policy = MemberPolicy.resolve(catalog, run.council, call.member(), run.options,
          ctx.failureMode(), defaults);
      span = ctx.span().startMember(call.member(), policy.options().provider(), policy.options().model(), label);
      result = dispatcher.call(ctx, call, policy, span);
    }
    span.end(result);
    if (!MemberResults.isInterrupted(result)) {
      run.journal.record(key, call, result);
    }
    return completed(ctx, result);
  }

  private MemberResult completed(RoundExecution ctx, MemberResult r) {
    Run run = ctx.run();
    run.countCall(r);
    run.emitter().emit((seq, ts) -> new MemberCompleted(run.runId, seq, ts, ctx.round().name(), ctx.roundIndex(),
        ctx.iteration(), r));
    return r;
  }
}
