package dev.council.engine.internal.run;

import dev.council.engine.internal.delivery.DirectListener;
import dev.council.engine.internal.delivery.IsolatedListener;
import dev.council.engine.internal.delivery.IsolatedRecording;

import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.FailureMode;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.ResultMetadata;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.Usage;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.spi.ReliabilityStore;
import dev.council.engine.internal.reliability.Agreement;
import dev.council.api.event.RunFailed;
import dev.council.api.event.RunStarted;
import dev.council.api.event.Topics;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.Router;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRegistry;
import dev.council.engine.RunOptions;
import dev.council.engine.internal.otel.Telemetry;
import dev.council.engine.local.NoopRecorder;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: a single-writer state machine driven by its own virtual thread, which executes the rounds
 * in order. Member calls run on further virtual threads. Control calls ({@link #cancel}, {@link
 * #terminate}, {@link #state}) are thread-safe and never block on the run.
 */
public final class Run implements RunControl {
  private static final Logger log = LoggerFactory.getLogger(Run.class);

  private final RunEnvironment env;
  final String runId;
  final Council council;
  final Map<String, Object> input;
  final RunOptions options;
  private final Lineage lineage;
  final RunRegistry registry;
  final CallJournal journal;
  final long seed;
  private final Recorder recorder;
  private final Instant startedAt;
  private final CompletableFuture<Result> completion = new CompletableFuture<>();
  private final AtomicBoolean cancelRequested = new AtomicBoolean();
  private final AtomicBoolean terminated = new AtomicBoolean();
  private final WorkerThreads workers = new WorkerThreads();
  /** Sub-council runs started by this run's members; created by the first one (most runs have none). */
  private volatile @Nullable Set<RunControl> subRuns;
  private final List<RoundResult> rounds = new CopyOnWriteArrayList<>();
  private final List<IsolatedListener> localListeners = new ArrayList<>();
  private final List<DirectListener> directListeners = new ArrayList<>();
  private volatile RunStatus status = RunStatus.RUNNING;
  private volatile @Nullable String currentRound;
  private volatile int roundsCompleted;
  private volatile @Nullable Instant finishedAt;
  private volatile @Nullable StopReason stopCause;
  private volatile @Nullable CouncilError stopError;
  private volatile @Nullable Thread runner;
  private @Nullable Emitter emitter;
  private @Nullable IsolatedRecording recording;
  private Usage usage = Usage.ZERO;
  private final java.util.concurrent.atomic.AtomicInteger memberCalls = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger failedMemberCalls = new java.util.concurrent.atomic.AtomicInteger();

  private final long firstSeq;
  private final Map<String, String> resumedTrace;
  /** The run's span: started by {@link #launch}, on the thread starting the run. */
  private volatile Telemetry.RunSpan span = Telemetry.NO_RUN_SPAN;

  Run(RunEnvironment env, String runId, Council council, Map<String, Object> input, RunOptions options,
      Lineage lineage, RunRegistry registry, Recorder recorder) {
    this(env, runId, council, input, options, lineage, registry, recorder, null, 0, Map.of());
  }

  /**
   * A run that continues a recorded one: same id and start, events from {@code firstSeq}, its span
   * continuing the trace context the run recorded ({@code resumedTrace}, empty when none).
   */
  Run(RunEnvironment env, String runId, Council council, Map<String, Object> input, RunOptions options,
      Lineage lineage, RunRegistry registry, Recorder recorder, @Nullable Instant startedAt, long firstSeq,
      Map<String, String> resumedTrace) {
    this.env = env;
    this.runId = runId;
    this.council = council;
    this.input = input;
    this.options = options;
    this.lineage = lineage;
    this.registry = registry;
    this.recorder = recorder;
    this.journal = CallJournal.of(recorder, startedAt != null);
    this.startedAt = startedAt != null ? startedAt : env.clock().instant();
    this.firstSeq = firstSeq;
    this.resumedTrace = resumedTrace;
    Object s = council.options().get("seed");
    this.seed = s instanceof Number n ? n.longValue() : runId.hashCode();
  }

  /** Attaches observers (before any event) and starts the run's thread. */
  void launch() {
    span = env.telemetry().startRun(runId, council, lineage.attempt(), lineage.parentRunId(), env.nodeId(),
        resumedTrace);
    RunInfo info = new RunInfo(runId, council, input, lineage.attempt(), lineage.parentRunId(),
        env.nodeId(), startedAt, span.traceContext());
    this.recording = recorder instanceof NoopRecorder ? IsolatedRecording.notRecording(info)
        : IsolatedRecording.open(recorder, info);
    List<CouncilListener> listeners = new ArrayList<>();
    for (CouncilListener l : options.listeners()) {
      localListeners.add(new IsolatedListener(l, "listener of run ", runId));
    }
    for (CouncilListener l : env.tracers().listeners(info, options)) {
      localListeners.add(new IsolatedListener(l, "tracer of run ", runId));
    }
    listeners.addAll(localListeners);
    for (CouncilListener l : options.directListeners()) {
      directListeners.add(new DirectListener(l, "direct listener of run ", runId, RunOptions.DIRECT_LISTENER_BUDGET));
    }
    List<String> topics = new ArrayList<>();
    topics.add(Topics.run(runId));
    topics.addAll(options.relayTopics());
    this.emitter = new Emitter(env.clock(), env.pubSub(), topics, recording, listeners, directListeners, firstSeq);
    env.executor().execute(this::execute);
  }

  Emitter emitter() {
    return java.util.Objects.requireNonNull(emitter);
  }

  // ---------------------------------------------------------------- the run's own thread

  private void execute() {
    runner = Thread.currentThread();
    try {
      if (terminated.get()) {
        return;
      }
      emitter().emit((seq, ts) -> new RunStarted(runId, seq, ts, council.id(), input, lineage.attempt(),
          lineage.parentRunId()));
      List<CouncilError> failure = List.of();
      for (int i = 0; i < council.rounds().size() && stopCause == null; i++) {
        Round round = council.rounds().get(i);
        RoundExecution exec = runRound(round, i, 0, null);
        if (terminated.get()) {
          return;
        }
        failure = exec.failure();
        if (!failure.isEmpty()) {
          break;
        }
      }
      if (terminated.get()) {
        return;
      }
      StopReason cause = stopCause;
      if (cause == StopReason.CANCELLED) {
        finish(RunStatus.CANCELLED, List.of(java.util.Objects.requireNonNull(stopError)));
      } else if (cause == StopReason.BUDGET_EXCEEDED) {
        finish(RunStatus.FAILED, List.of(java.util.Objects.requireNonNull(stopError)));
      } else if (!failure.isEmpty()) {
        finish(RunStatus.FAILED, failure);
      } else {
        finish(RunStatus.COMPLETED, List.of());
      }
    } catch (Terminated t) {
      // terminate() already completed the run
    } catch (RuntimeException | Error e) {
      if (terminated.get()) {
        return;
      }
      log.error("run {} of council {} failed unexpectedly", runId, council.id(), e);
      finish(RunStatus.FAILED, List.of(CouncilError.of(ErrorKind.PERMANENT,
          "the engine failed unexpectedly: " + e).withCause(e)));
    } finally {
      runner = null;
      Thread.interrupted();
    }
  }

  /**
   * Runs one round (or one iteration of an iterated round) with its events.
   *
   * @param outer the span of the round running this one as its inner round, or null
   */
  RoundExecution runRound(Round round, int index, int iteration, Telemetry.@Nullable RoundSpan outer) {
    RoundType type = env.catalog().roundType(round.type());
    currentRound = round.name();
    List<Member> participants = new ArrayList<>();
    List<MemberResult> excluded = new ArrayList<>();
    route(round, participants, excluded);
    List<String> ids = new ArrayList<>();
    if (type.chairRound()) {
      if (council.chair() != null) {
        ids.add(council.chair().id());
      }
    } else {
      participants.forEach(m -> ids.add(m.id()));
    }
    emitter().emit((seq, ts) -> new RoundStarted(runId, seq, ts, round.name(), round.type(), index, iteration, ids));
    for (MemberResult skipped : excluded) {
      emitter().emit((seq, ts) -> new MemberCompleted(runId, seq, ts, round.name(), index, iteration, skipped));
    }
    FailureMode failureMode = round.failureMode().or(options::failureMode).orElse(env.defaultFailureMode());
    Telemetry.RoundSpan roundSpan = span.startRound(outer, round, index, iteration);
    RoundExecution exec = new RoundExecution(this, env.catalog(), env.executor(), env.memberCalls(), failureMode,
        round, type, index, iteration, participants, excluded, roundSpan);
    RoundResult result;
    try {
      result = type.execute(exec);
    } catch (Terminated t) {
      roundSpan.end(null, List.of());
      throw t;
    } catch (RuntimeException e) {
      if (terminated.get()) {
        roundSpan.end(null, List.of());
        throw new Terminated();
      }
      log.warn("round {} ({}) of run {} failed", round.name(), round.type(), runId, e);
      exec.fail(CouncilError.of(ErrorKind.PERMANENT, "round '" + round.name() + "' of type '" + round.type()
          + "' failed: " + e).withCause(e));
      result = new RoundResult(round.name(), round.type(), index, iteration, exec.results(), null,
          Map.of("error", String.valueOf(e.getMessage())));
    }
    if (terminated.get()) {
      roundSpan.end(null, List.of());
      throw new Terminated();
    }
    RoundResult normalized = normalize(result, round, index, iteration, excluded);
    exec.checkQuorum(normalized);
    roundSpan.end(normalized, exec.failure());
    rounds.add(normalized);
    roundsCompleted++;
    currentRound = null;
    emitter().emit((seq, ts) -> new RoundCompleted(runId, seq, ts, normalized));
    return exec;
  }

  private void route(Round round, List<Member> participants, List<MemberResult> excluded) {
    String routerName = round.optionString("router", council.router() == null ? "" : council.router());
    if (routerName.isEmpty()) {
      participants.addAll(council.members());
      return;
    }
    Router router = env.catalog().names().router(routerName).orElseThrow(() -> new IllegalStateException(
        "router '" + routerName + "' is not registered"));
    Set<String> chosen = new HashSet<>(router.select(council, round, input, List.copyOf(rounds)));
    for (Member m : council.members()) {
      if (chosen.contains(m.id())) {
        participants.add(m);
      } else {
        excluded.add(MemberResult.skipped(m.id(), "router_excluded"));
      }
    }
  }

  /** Forces the round's identity and puts its members in council order, adding router-excluded ones. */
  private RoundResult normalize(RoundResult r, Round round, int index, int iteration, List<MemberResult> excluded) {
    if (excluded.isEmpty() && inCouncilOrder(r.members())) {
      return new RoundResult(round.name(), round.type(), index, iteration, r.members(), r.aggregate(), r.metadata());
    }
    Map<String, MemberResult> byId = new LinkedHashMap<>();
    for (MemberResult m : r.members()) {
      byId.put(m.memberId(), m);
    }
    for (MemberResult m : excluded) {
      byId.putIfAbsent(m.memberId(), m);
    }
    List<MemberResult> ordered = new ArrayList<>();
    for (Member m : council.members()) {
      MemberResult mr = byId.remove(m.id());
      if (mr != null) {
        ordered.add(mr);
      }
    }
    ordered.addAll(byId.values());
    return new RoundResult(round.name(), round.type(), index, iteration, ordered, r.aggregate(), r.metadata());
  }

  /** Whether {@code results} are one per council member at most, in council order, and of members only. */
  private boolean inCouncilOrder(List<MemberResult> results) {
    List<Member> members = council.members();
    int next = 0;
    for (MemberResult r : results) {
      while (next < members.size() && !members.get(next).id().equals(r.memberId())) {
        next++;
      }
      if (next == members.size()) {
        return false;
      }
      next++;
    }
    return true;
  }

  private void finish(RunStatus finalStatus, List<CouncilError> errors) {
    Instant now = env.clock().instant();
    Result result = new Result(runId, council.id(), finalStatus, FinalAnswer.of(council, rounds), rounds, errors,
        usage(), startedAt, now, resultMetadata());
    synchronized (this) {
      if (terminated.get()) {
        return;
      }
      finishedAt = now;
      status = finalStatus;
    }
    if (finalStatus == RunStatus.COMPLETED) {
      Agreement.record(env.reliability(), council, input, result);
      emitter().emit((seq, ts) -> new RunCompleted(runId, seq, ts, result));
    } else {
      emitter().emit((seq, ts) -> new RunFailed(runId, seq, ts, errors, result));
    }
    RunOutcome outcome = switch (finalStatus) {
      case COMPLETED -> new RunOutcome.Completed(result);
      case CANCELLED -> new RunOutcome.Cancelled(result);
      default -> new RunOutcome.Failed(result);
    };
    java.util.Objects.requireNonNull(recording).finish(outcome);
    span.end(result);
    closeListeners();
    env.ended().ended(this, true);
    completion.complete(result);
  }

  /** Refuses the run's listeners later events; those already accepted are still delivered. */
  private void closeListeners() {
    localListeners.forEach(IsolatedListener::close);
    directListeners.forEach(DirectListener::close);
  }

  /** The run-level metadata: call counts, and the choice of an auto council's round when there is one. */
  private Map<String, Object> resultMetadata() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(ResultMetadata.MEMBER_CALLS, memberCalls.get());
    meta.put(ResultMetadata.FAILED_MEMBER_CALLS, failedMemberCalls.get());
    recorderProblem().ifPresent(p -> meta.put(ResultMetadata.RECORDER_PROBLEM, p));
    for (RoundResult r : rounds) {
      Object auto = r.metadata().get(ResultMetadata.AUTO);
      if (auto != null) {
        meta.put(ResultMetadata.AUTO, auto);
      }
    }
    return meta;
  }

  /** The recorder's standing problem, if it reports one; a recorder that throws here reports none. */
  private java.util.Optional<String> recorderProblem() {
    try {
      return recorder.problem();
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** The engine's reliability store. */
  ReliabilityStore reliability() {
    return env.reliability();
  }

  // ---------------------------------------------------------------- shared with member threads

  /** Registers the calling thread as working for this run, so cancel/terminate can interrupt it. */
  void enter(Thread t) {
    workers.add(t);
    if (stopCause != null) {
      t.interrupt();
    }
  }

  void leave(Thread t) {
    workers.remove(t);
  }

  /** Interrupts the run's other working threads (a round failing fast; rounds of a run never overlap). */
  void interruptWorkersExcept(Thread self) {
    workers.interruptAll(self);
  }

  void addSubRun(RunControl sub) {
    Set<RunControl> subs = subRuns;
    if (subs == null) {
      synchronized (this) {
        subs = subRuns;
        if (subs == null) {
          subs = ConcurrentHashMap.newKeySet();
          subRuns = subs;
        }
      }
    }
    subs.add(sub);
    if (cancelRequested.get()) {
      sub.cancel();
    }
  }

  /** Why the run is stopping, or null while it runs. */
  @Nullable StopReason stopCause() {
    return stopCause;
  }

  @Nullable CouncilError stopError() {
    return stopError;
  }

  boolean isTerminated() {
    return terminated.get();
  }

  /** Counts a member call that reached a provider or sub-council (judge calls included). */
  void countCall(MemberResult result) {
    if (result.attempts() > 0) {
      memberCalls.incrementAndGet();
      if (!result.ok()) {
        failedMemberCalls.incrementAndGet();
      }
    }
  }

  /** Adds a finished call's usage; stops the run cleanly when the budget is exceeded. */
  void addUsage(Usage u) {
    boolean exceeded;
    synchronized (this) {
      usage = usage.plus(u);
      exceeded = options.budget().exceededBy(usage);
    }
    if (exceeded && stopCause == null) {
      Usage used = usage();
      stop(StopReason.BUDGET_EXCEEDED, CouncilError.of(ErrorKind.VALIDATION, "budget exceeded: the run used "
          + used.totalTokens() + " tokens" + (used.cost() == null ? "" : " costing $" + used.cost())
          + ", over its limit (" + describeBudget() + "); the result holds what finished before the stop"));
    }
  }

  private String describeBudget() {
    List<String> parts = new ArrayList<>();
    if (options.budget().maxTokens() != null) {
      parts.add("maxTokens " + options.budget().maxTokens());
    }
    if (options.budget().maxCost() != null) {
      parts.add("maxCost $" + options.budget().maxCost());
    }
    return String.join(", ", parts);
  }

  synchronized Usage usage() {
    return usage;
  }

  List<RoundResult> rounds() {
    return List.copyOf(rounds);
  }

  private synchronized boolean stop(StopReason cause, CouncilError error) {
    if (stopCause != null || status.isFinal()) {
      return false;
    }
    stopError = error;
    stopCause = cause;
    workers.interruptAll(null);
    return true;
  }

  // ---------------------------------------------------------------- RunControl

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public RunSummary state() {
    return new RunSummary(runId, council.id(), status, currentRound, roundsCompleted, startedAt, finishedAt,
        env.nodeId());
  }

  /**
   * Cancels this run and, through a work list rather than recursion, every sub-council run below it, so a
   * tree of any depth is cancelled without growing the stack.
   */
  @Override
  public boolean cancel() {
    return cancelTree(this);
  }

  /**
   * Cancels {@code root} and the sub-runs under it, breadth first. A run's cancel flag marks it visited, so
   * each run is expanded once, by the call that cancelled it (sub-runs added later are cancelled by {@link
   * #addSubRun}). Sub-runs that are not {@link Run}s are told to cancel themselves.
   *
   * @return whether {@code root} was cancelled by this call (false when it was already cancelled,
   *     terminated, or had finished)
   */
  static boolean cancelTree(Run root) {
    if (!root.requestCancel()) {
      return false;
    }
    boolean stopped = root.stopCancelled();
    ArrayDeque<RunControl> work = new ArrayDeque<>(root.subRuns());
    while (!work.isEmpty()) {
      RunControl next = work.poll();
      if (next instanceof Run sub) {
        if (sub.requestCancel()) {
          sub.stopCancelled();
          work.addAll(sub.subRuns());
        }
      } else {
        next.cancel();
      }
    }
    return stopped;
  }

  private Set<RunControl> subRuns() {
    Set<RunControl> subs = subRuns;
    return subs == null ? Set.of() : subs;
  }

  /** Sets the cancel flag; false when it was set before or the run was terminated. */
  private boolean requestCancel() {
    return !terminated.get() && cancelRequested.compareAndSet(false, true);
  }

  /** Stops this run as cancelled and interrupts its workers, without touching its sub-runs. */
  private boolean stopCancelled() {
    return stop(StopReason.CANCELLED, CouncilError.of(ErrorKind.CANCELLED,
        "run '" + runId + "' was cancelled; the result holds what finished before the cancel"));
  }

  @Override
  public void terminate() {
    stopNow(StopReason.TERMINATED);
  }

  /**
   * Terminates the run, telling the recorder why it stopped.
   *
   * @param reason {@link StopReason#TERMINATED} or {@link StopReason#ENGINE_STOPPED}
   */
  void stopNow(StopReason reason) {
    if (!terminated.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      if (emitter != null) {
        emitter.mute();
      }
      if (stopCause == null) {
        stopCause = reason;
      }
    }
    Thread r = runner;
    if (r != null) {
      r.interrupt();
    }
    workers.interruptAll(null);
    if (reason == StopReason.ENGINE_STOPPED) {
      registry.handOver(runId); // resumable: a clustered registry lets another node carry it on
    } else {
      registry.unregister(runId);
    }
    if (!completion.isDone()) {
      synchronized (this) {
        finishedAt = env.clock().instant();
        status = RunStatus.CANCELLED;
      }
      if (recording != null) {
        recording.finish(new RunOutcome.Stopped(reason.code()));
      }
      span.stopped(reason.code());
      closeListeners();
      completion.completeExceptionally(new UnknownRunException(runId));
    }
    env.ended().ended(this, false);
  }

  @Override
  public CompletableFuture<Result> completion() {
    return completion;
  }

  @Nullable Instant finishedAtOrNull() {
    return finishedAt;
  }

  /** The recording of this run's events and outcome; null before {@link #launch}. */
  @Nullable IsolatedRecording recording() {
    return recording;
  }

  /** The registry this run is registered in. */
  public RunRegistry registry() {
    return registry;
  }

  /** Thrown inside the run's threads to unwind after {@link #terminate()}. */
  static final class Terminated extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Terminated() {
      super("terminated", null, false, false);
    }
  }
}
