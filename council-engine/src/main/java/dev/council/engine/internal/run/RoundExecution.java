package dev.council.engine.internal.run;

import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.FailureMode;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.ReliabilityStore;
import dev.council.api.spi.IterationPredicate;
import dev.council.api.spi.PairwiseJudge;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundType;
import dev.council.engine.internal.catalog.Catalog;
import dev.council.engine.internal.otel.Telemetry;
import dev.council.engine.internal.prompt.Prompts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RoundContext} of one round of one run: invokes members (concurrently for parallel round
 * types), applies the failure mode, and collects why the round failed, if it did.
 */
final class RoundExecution implements RoundContext, dev.council.engine.internal.catalog.EngineRoundContext {
  private final Run run;
  private final Catalog catalog;
  private final ExecutorService executor;
  private final MemberCalls memberCalls;
  private final Round round;
  private final RoundType type;
  private final int index;
  private final int iteration;
  private final List<Member> participants;
  private final List<MemberResult> excluded;
  private final FailureMode failureMode;
  private final List<MemberResult> results = new CopyOnWriteArrayList<>();
  private final List<CouncilError> failure = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean failedFast;
  private volatile @Nullable RoundResult result;
  private final Telemetry.RoundSpan span;

  RoundExecution(Run run, Catalog catalog, ExecutorService executor, MemberCalls memberCalls,
      FailureMode failureMode, Round round, RoundType type, int index, int iteration, List<Member> participants,
      List<MemberResult> excluded, Telemetry.RoundSpan span) {
    this.run = run;
    this.catalog = catalog;
    this.executor = executor;
    this.memberCalls = memberCalls;
    this.round = round;
    this.type = type;
    this.index = index;
    this.iteration = iteration;
    this.participants = List.copyOf(participants);
    this.excluded = List.copyOf(excluded);
    this.failureMode = failureMode;
    this.span = span;
  }

  /** This round's span. */
  Telemetry.RoundSpan span() {
    return span;
  }

  @Override public String runId() { return run.runId; }
  @Override public Council council() { return run.council; }
  @Override public Round round() { return round; }
  @Override public int roundIndex() { return index; }
  @Override public int iteration() { return iteration; }
  @Override public Map<String, Object> input() { return run.input; }
  @Override public String question() { return Prompts.question(run.input); }
  @Override public List<RoundResult> priorRounds() { return run.rounds(); }
  @Override public List<Member> participants() { return participants; }
  @Override public List<MemberResult> excluded() { return excluded; }
  @Override public Optional<Member> chair() { return Optional.ofNullable(run.council.chair()); }
  @Override public RoundType roundType(String name) { return catalog.roundType(name); }
  @Override public Aggregator aggregator(String name) { return catalog.aggregator(name); }
  @Override public Optional<ReliabilityStore> reliability() { return Optional.of(run.reliability()); }
  @Override public Optional<IterationPredicate> predicate(String name) { return catalog.names().predicate(name); }
  @Override public Optional<PairwiseJudge> judge(String name) { return catalog.names().judge(name); }
  @Override public long seed() { return run.seed * 31 + index * 131L + iteration; }

  @Override
  public RoundResult runInner(Round inner, int innerIteration) {
    RoundExecution exec = run.runRound(inner, index, innerIteration, span);
    failure.addAll(exec.failure());
    return exec.result();
  }

  RoundResult result() {
    return java.util.Objects.requireNonNull(result, "round has not finished");
  }

  @Override
  public List<MemberResult> invoke(List<MemberCall> calls) {
    List<MemberResult> out = new ArrayList<>(calls.size());
    if (type.traits().parallel() && calls.size() > 1) {
      CountDownLatch done = new CountDownLatch(calls.size());
      MemberTask[] tasks = new MemberTask[calls.size()];
      for (int i = 1; i < tasks.length; i++) {
        tasks[i] = new MemberTask(calls.get(i), done);
        executor.execute(tasks[i]);
      }
      // the round's own thread makes the first call while the others run, instead of parking until they
      // end: one thread fewer per parallel round (its start, and its stack held while the model answers:
      // ≈ 9 % less heap per run in flight). Its interrupts (timeout, fail-fast, cancel) are cleared when
      // the call ends, as on a member's own thread.
      tasks[0] = new MemberTask(calls.get(0), done);
      tasks[0].run();
      awaitAll(done);
      for (MemberTask task : tasks) {
        out.add(task.result());
      }
    } else {
      for (MemberCall call : calls) {
        if (failedFast) {
          out.add(skippedAfterFailFast(call.member()));
        } else if (run.stopCause() != null) {
          out.add(MemberResult.skipped(call.member().id(), "run_stopped"));
        } else {
          out.add(call(call));
        }
      }
    }
    results.addAll(out);
    return out;
  }

  /**
   * Waits for every member task of a parallel round. An interrupt that is not a terminate (cancel, fail-fast)
   * is ignored here: the members see it and end their calls. On terminate the members were interrupted by
   * {@link Run#terminate()} already, so this only unwinds.
   */
  private void awaitAll(CountDownLatch done) {
    while (true) {
      try {
        done.await();
        return;
      } catch (InterruptedException e) {
        if (run.isTerminated()) {
          throw new Run.Terminated();
        }
      }
    }
  }

  /**
   * One member call of a parallel round: on a thread of its own, started with {@link ExecutorService#execute}
   * (no future per call), or, for the round's first call, on the round's thread; counted down on the
   * round's latch when it ends.
   */
  private final class MemberTask implements Runnable {
    private final MemberCall call;
    private final CountDownLatch done;
    private @Nullable MemberResult result;
    private @Nullable Throwable failure;

    MemberTask(MemberCall call, CountDownLatch done) {
      this.call = call;
      this.done = done;
    }

    @Override
    public void run() {
      try {
        result = call(call);
      } catch (Throwable t) {
        failure = t;
      } finally {
        done.countDown();
      }
    }

    /** The call's result; read after the latch opened, which orders it after {@link #run}. */
    MemberResult result() {
      Throwable t = failure;
      if (t instanceof Run.Terminated terminated) {
        throw terminated;
      }
      if (t != null) {
        throw new IllegalStateException("member call failed unexpectedly", t);
      }
      return java.util.Objects.requireNonNull(result);
    }
  }

  private MemberResult call(MemberCall call) {
    Thread t = Thread.currentThread();
    run.enter(t);
    if (failedFast) {
      t.interrupt();
    }
    MemberResult r;
    try {
      r = memberCalls.call(this, call);
    } finally {
      run.leave(t);
      Thread.interrupted();
    }
    if (failureMode == FailureMode.FAIL_FAST && failed(r) && run.stopCause() == null) {
      failFast(r);
    }
    return r;
  }

  private static boolean failed(MemberResult r) {
    return r.status() == MemberStatus.ERROR || r.status() == MemberStatus.TIMEOUT
        || r.status() == MemberStatus.INVALID_OUTPUT;
  }

  private void failFast(MemberResult r) {
    synchronized (this) {
      if (failedFast) {
        return;
      }
      failedFast = true;
    }
    String why = r.error() == null ? r.status().name() : r.error().message();
    failure.add(new CouncilError(ErrorKind.PERMANENT, "round '" + round.name() + "' failed fast: member '"
        + r.memberId() + "' failed: " + why, r.memberId(), round.name(), null, null));
    run.interruptWorkersExcept(Thread.currentThread());
  }

  /** Why the current member thread was interrupted, when it was not a timeout; null while nothing stopped. */
  @Nullable StopReason interruptReason() {
    StopReason cause = run.stopCause();
    if (cause != null) {
      return cause;
    }
    return failedFast ? StopReason.FAIL_FAST : null;
  }

  /** The round's failure mode: the round's, else the run options', else the configured one. */
  FailureMode failureMode() {
    return failureMode;
  }

  Run run() {
    return run;
  }

  MemberResult skippedAfterFailFast(Member m) {
    return MemberResult.skipped(m.id(), StopReason.FAIL_FAST.code());
  }

  void fail(CouncilError error) {
    failure.add(error);
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public void failRound(CouncilError error) {
    fail(error);
  }

  @Override
  public void addUsage(dev.council.api.Usage usage) {
    run.addUsage(usage);
  }

  List<MemberResult> results() {
    return List.copyOf(results);
  }

  /**
   * Records the finished round and fails the run when fewer members than the quorum succeeded. A round that
   * asked no member at all (a diagnostic such as {@code bias_check}) has no quorum.
   */
  void checkQuorum(RoundResult finished) {
    this.result = finished;
    if (!failure.isEmpty() || run.stopCause() != null || (finished.members().isEmpty() && results.isEmpty())) {
      return;
    }
    int quorum = Math.max(1, round.optionInt("quorum", 1));
    List<MemberResult> ok = finished.successful();
    if (ok.size() >= quorum) {
      return;
    }
    StringBuilder msg = new StringBuilder("round '").append(round.name()).append("' failed: ").append(ok.size())
        .append(" of ").append(finished.members().size()).append(" members succeeded, quorum is ").append(quorum);
    for (MemberResult m : finished.members()) {
      if (m.error() != null) {
        msg.append("; ").append(m.memberId()).append(": ").append(m.error().kind()).append(' ')
            .append(m.error().message());
      } else if (m.status() != MemberStatus.OK) {
        msg.append("; ").append(m.memberId()).append(": ").append(m.status());
      }
    }
    failure.add(new CouncilError(ErrorKind.PERMANENT, msg.toString(), null, round.name(), null, null));
  }

  List<CouncilError> failure() {
    synchronized (failure) {
      return List.copyOf(failure);
    }
  }
}
