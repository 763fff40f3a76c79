package dev.council.engine.internal.run;

import static dev.council.engine.internal.run.MemberResults.failure;
import static dev.council.engine.internal.run.MemberResults.interrupted;
import static dev.council.engine.internal.run.MemberResults.since;

import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.Topics;
import dev.council.api.spi.InputMapper;
import dev.council.api.spi.MemberCall;
import dev.council.engine.RunOptions;
import dev.council.engine.internal.catalog.RegisteredNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Member calls answered by a sub-council: the sub-council (inline or registered by name) runs as a run of
 * its own, linked to the parent for cancellation and relayed on {@link Topics#subRun}, with the parent's
 * retry, timeout and failure-mode options; its answer becomes the member's.
 *
 * <p>Runs on the member's thread and blocks until the sub-run ends. Stateless apart from its collaborators.
 */
final class SubCouncilCalls {
  private final RegisteredNames names;
  private final SubRunStarter starter;

  /** Starts a sub-council's run (validated and registered like any other run). */
  @FunctionalInterface
  interface SubRunStarter {
    Run start(Council council, Map<String, Object> input, RunOptions options);
  }

  SubCouncilCalls(RegisteredNames names, SubRunStarter starter) {
    this.names = names;
    this.starter = starter;
  }

  MemberResult call(RoundExecution ctx, MemberCall call) {
    Run run = ctx.run();
    Member member = call.member();
    long t0 = System.nanoTime();
    Council sub = member.subCouncil();
    if (sub == null) {
      String ref = Objects.requireNonNull(member.subCouncilRef());
      Optional<Council> found = names.council(ref);
      if (found.isEmpty()) {
        return failure(ctx, call, MemberStatus.ERROR, CouncilError.of(ErrorKind.VALIDATION,
            "sub-council '" + ref + "' is not registered"), Usage.ZERO, 0, t0, null, null);
      }
      sub = found.get();
    }
    Map<String, Object> subInput;
    if (member.inputMapper() != null) {
      InputMapper mapper = names.inputMapper(member.inputMapper()).orElseThrow(() ->
          new IllegalStateException("input mapper '" + member.inputMapper() + "' is not registered"));
      subInput = mapper.map(run.input, call.prompt());
    } else {
      Map<String, Object> m = new LinkedHashMap<>(run.input);
      m.put("question", call.prompt());
      subInput = m;
    }
    run.emitter().emit((seq, ts) -> new MemberStarted(run.runId, seq, ts, ctx.round().name(), ctx.roundIndex(),
        ctx.iteration(), member.id(), 1, call.prompt()));
    RunOptions.Builder ob = RunOptions.builder()
        .registry(run.options.registry())
        .relayTopic(Topics.subRun(run.runId, member.id()));
    run.options.retry().ifPresent(ob::retry);
    run.options.memberTimeout().ifPresent(ob::memberTimeout);
    run.options.failureMode().ifPresent(ob::failureMode);
    Run child = starter.start(sub, subInput, ob.build());
    run.addSubRun(child);
    Result r;
    try {
      r = child.completion().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      StopReason reason = ctx.interruptReason();
      if (reason != null && !run.isTerminated()) {
        child.cancel();
        r = child.completion().exceptionally(x -> null).join();
        if (r == null) {
          return interrupted(ctx, call, reason, Usage.ZERO, 1, t0, null, null);
        }
      } else {
        return interrupted(ctx, call, reason == null ? StopReason.TERMINATED : reason, Usage.ZERO, 1, t0, null, null);
      }
    } catch (ExecutionException e) {
      return failure(ctx, call, MemberStatus.ERROR, CouncilError.of(ErrorKind.PERMANENT,
          "sub-council run " + child.runId + " ended abnormally: " + e.getCause()), Usage.ZERO, 1, t0, null, null);
    }
    run.addUsage(r.usage());
    Map<String, Object> meta = new LinkedHashMap<>(call.metadata());
    meta.put("subRunId", r.runId());
    meta.put("subStatus", r.status().name());
    meta.put("subResult", r);
    if (r.status() == RunStatus.COMPLETED) {
      return new MemberResult(member.id(), MemberStatus.OK, r.answer(), null, r.usage(), 1, since(t0), null, null,
          null, null, meta);
    }
    CouncilError err = r.errors().isEmpty()
        ? CouncilError.of(ErrorKind.PERMANENT, "sub-council ended " + r.status())
        : r.errors().get(0);
    return new MemberResult(member.id(), MemberStatus.ERROR, r.answer(), null, r.usage(), 1, since(t0), null,
        err.withMember(member.id(), ctx.round().name()), null, null, meta);
  }
}
