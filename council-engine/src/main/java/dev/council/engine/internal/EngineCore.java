package dev.council.engine.internal;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.Profile;
import dev.council.api.ValidationError;
import dev.council.api.Verbosity;
import dev.council.api.event.CouncilListener;
import dev.council.api.provider.OutputSchema;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunRegistry;
import dev.council.api.spi.Tool;
import dev.council.api.spi.RunTracer;
import dev.council.engine.RunOptions;
import dev.council.engine.Sleeper;
import dev.council.engine.internal.schema.JsonSchemas;
import dev.council.engine.trace.VerboseTracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's shared state: plugins, registered names, clock, sleeper, executors, and the reaper of
 * finished runs. Thread-safe.
 */
public final class EngineCore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineCore.class);

  /** How long {@link #close} waits for ended runs' records to reach the recorder. */
  static final Duration CLOSE_DRAIN = Duration.ofSeconds(10);

  private final EnginePlugins plugins;
  private final Names names;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final ScheduledThreadPoolExecutor scheduler;
  private final MemberInvoker invoker;
  private final CouncilValidator validator;
  private final ConcurrentLinkedQueue<Run> finished = new ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger finishedCount = new java.util.concurrent.atomic.AtomicInteger();
  private final int maxFinished;
  /**
   * The council instance validated last, found valid. Councils are immutable and what validation checks
   * against (names, plugins) is fixed when the engine is built, so starting the same instance again needs
   * no new validation.
   */
  private volatile @Nullable Council lastValid;
  private final Set<Run> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Recordings of ended runs whose last records may still be on their way to the recorder. */
  private final Set<IsolatedRecording> draining = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param maxFinished how many finished runs are kept for querying at most ({@code council.reap-max});
   *     beyond it the oldest are reaped before their {@code council.reap-after} is up
   */
  public EngineCore(EnginePlugins plugins, Names names, Clock clock, Sleeper sleeper, @Nullable ExecutorService executor,
      int maxFinished) {
    this.plugins = plugins;
    this.maxFinished = maxFinished;
    this.names = names;
    this.clock = clock;
    this.sleeper = sleeper;
    this.ownsExecutor = executor == null;
    this.executor = executor != null ? executor
        : java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "council-timer");
      t.setDaemon(true);
      return t;
    });
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.invoker = new MemberInvoker(this);
    this.validator = new CouncilValidator(this);
    long every = Math.max(100, Math.min(plugins.settings().reapAfter().toMillis(), 5_000));
    scheduler.scheduleWithFixedDelay(this::reapQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  public EnginePlugins plugins() { return plugins; }
  public Names names() { return names; }
  public Clock clock() { return clock; }
  Sleeper sleeper() { return sleeper; }
  ExecutorService executor() { return executor; }
  MemberInvoker invoker() { return invoker; }

  <T> Future<T> submit(Callable<T> task) {
    return executor.submit(task);
  }

  AttemptGuard guard(Thread thread, Duration limit) {
    return new AttemptGuard(thread, limit, scheduler);
  }

  /** Validates, registers and starts a run: a first attempt. */
  public Run startRun(Council council, Map<String, Object> input, RunOptions options) {
    return startRun(council, input, options, Lineage.FIRST);
  }

  private Run startRun(Council council, Map<String, Object> input, RunOptions options, Lineage lineage) {
    if (council != lastValid) {
      List<ValidationError> errors = validate(council);
      if (!errors.isEmpty()) {
        throw new InvalidCouncilException(council.id(), errors);
      }
      lastValid = council;
    }
    RunRegistry registry = plugins.registries().get(options.registry());
    String runId = options.runId().orElseGet(EngineCore::randomRunId);
    Run run = new Run(this, runId, council, dev.council.api.JsonTrees.copyTree(input), options, lineage, registry);
    try {
      registry.register(run);
    } catch (IllegalStateException e) {
      throw new CouncilException(ErrorKind.VALIDATION, "run id '" + runId + "' is already in use in registry '"
          + options.registry() + "'; choose another runId or omit it to get a random one");
    }
    live.add(run);
    run.launch();
    return run;
  }

  /**
   * Continues a recorded run that did not finish (its engine died): same run id, events continuing its
   * sequence, finished member calls taken from the recorder's journal instead of being made again.
   */
  public Run resumeRun(String runId, RunOptions options) {
    reap();
    RunRegistry known = plugins.registries().get(options.registry());
    Optional<dev.council.api.spi.RunControl> here = known.find(runId);
    if (here.isPresent()) {
      boolean done = here.get().state().status().isFinal();
      throw new CouncilException(ErrorKind.VALIDATION, done
          ? "run '" + runId + "' already finished; nothing to resume. Use rerun to run it again as a new attempt"
          : "run '" + runId + "' is still running; cancel or terminate it before resuming");
    }
    Recorder recorder = options.recorder().orElse(plugins.recorder());
    ResumableRun stored = recorder.resumable(runId).orElseThrow(() -> new CouncilException(ErrorKind.VALIDATION,
        "run '" + runId + "' cannot be resumed: the recorder (council.recorder=" + plugins.settings().recorder()
            + ") has no record of it. Only runs recorded by a persistent recorder such as jdbi can be resumed"));
    if (stored.finished()) {
      throw new CouncilException(ErrorKind.VALIDATION, "run '" + runId + "' already finished; nothing to resume."
          + " Use rerun to run it again as a new attempt");
    }
    RunInfo info = stored.info();
    RunOptions effective = options.toBuilder().runId(runId).build();
    List<ValidationError> errors = validate(info.council());
    if (!errors.isEmpty()) {
      throw new InvalidCouncilException(info.council().id(), errors);
    }
    RunRegistry registry = plugins.registries().get(effective.registry());
    Run run = new Run(this, runId, info.council(), info.input(), effective,
        new Lineage(info.attempt(), info.parentRunId()), registry, info.startedAt(),
        stored.nextSeq());
    try {
      registry.register(run);
    } catch (IllegalStateException e) {
      throw new CouncilException(ErrorKind.VALIDATION, "run '" + runId + "' is still registered as running;"
          + " cancel or terminate it before resuming");
    }
    log.info("resuming run {} of council {} from event {}", runId, info.council().id(), stored.nextSeq());
    live.add(run);
    run.launch();
    return run;
  }

  /** Runs a recorded run again as a new attempt: a new run id linked to its parent. */
  public Run rerun(String runId, RunOptions options) {
    Recorder recorder = options.recorder().orElse(plugins.recorder());
    ResumableRun stored = recorder.resumable(runId).orElseThrow(() -> new CouncilException(ErrorKind.VALIDATION,
        "run '" + runId + "' cannot be re-run: the recorder (council.recorder=" + plugins.settings().recorder()
            + ") has no record of it"));
    return startRun(stored.info().council(), stored.info().input(), options,
        new Lineage(stored.info().attempt() + 1, runId));
  }

  /** Applies {@code council.recovery} to runs this node left unfinished (its previous life died). */
  public void recover(Recovery recovery) {
    if (recovery == Recovery.OFF) {
      return;
    }
    Recorder recorder = plugins.recorder();
    List<String> orphans;
    try {
      orphans = recorder.unfinishedRuns(plugins.settings().nodeId());
    } catch (RuntimeException e) {
      log.warn("could not list unfinished runs for recovery: {}", e.toString());
      return;
    }
    for (String runId : orphans) {
      if (recovery == Recovery.RESUME) {
        try {
          resumeRun(runId, RunOptions.DEFAULTS);
          continue;
        } catch (RuntimeException e) {
          log.warn("run {} could not be resumed, marking it stuck: {}", runId, e.getMessage());
        }
      }
      try {
        recorder.markStuck(runId);
      } catch (RuntimeException e) {
        log.warn("run {} could not be marked stuck: {}", runId, e.toString());
      }
    }
  }

  /** What to do at start-up with runs this node left unfinished: {@code council.recovery}. */
  public enum Recovery {
    OFF,
    MARK_STUCK,
    RESUME
  }

  /** A random (version 4) UUID; unlike {@link UUID#randomUUID()} it needs no shared SecureRandom. */
  private static String randomRunId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  public List<ValidationError> validate(Council council) {
    return validator.validate(council);
  }

  RoundType roundType(String name) {
    RoundType t = plugins.roundTypes().get(name);
    if (t == null) {
      throw new CouncilException(ErrorKind.VALIDATION, "unknown round type '" + name + "'. Available: "
          + new java.util.TreeSet<>(plugins.roundTypes().keySet()));
    }
    return t;
  }

  Aggregator aggregator(String name) {
    Aggregator a = plugins.aggregators().get(name);
    if (a == null) {
      throw new CouncilException(ErrorKind.VALIDATION, "unknown aggregator '" + name + "'. Available: "
          + new java.util.TreeSet<>(plugins.aggregators().keySet()));
    }
    return a;
  }

  /** A profile by name: the council's inline profiles first, then registered ones. */
  Optional<Profile> profile(Council council, String name) {
    Optional<Profile> inline = council.profile(name);
    return inline.isPresent() ? inline : names.profile(name);
  }

  /**
   * The options a member runs with: config default profile &lt; council default profile &lt; member
   * profile &lt; inline options.
   */
  public MemberOptions effectiveOptions(Council council, Member member) {
    String configDefault = plugins.settings().defaultProfile();
    if (configDefault == null && council.defaultProfile() == null && member.profile() == null) {
      return member.options();
    }
    MemberOptions eff = MemberOptions.EMPTY;
    if (configDefault != null) {
      eff = profile(council, configDefault).map(p -> MemberOptions.EMPTY.overriddenBy(p.options())).orElse(eff);
    }
    if (council.defaultProfile() != null) {
      MemberOptions base = eff;
      eff = profile(council, council.defaultProfile()).map(p -> base.overriddenBy(p.options())).orElse(eff);
    }
    if (member.profile() != null) {
      MemberOptions base = eff;
      eff = profile(council, member.profile()).map(p -> base.overriddenBy(p.options())).orElse(eff);
    }
    return eff.overriddenBy(member.options());
  }

  /** The member's output schema: inline, registered by name, or built in ({@code vote}, {@code ranking}). */
  @Nullable OutputSchema outputSchema(MemberOptions opts) {
    if (opts.outputSchema() != null) {
      return new OutputSchema("output", opts.outputSchema());
    }
    String ref = opts.outputSchemaRef();
    if (ref == null) {
      return null;
    }
    Optional<Map<String, Object>> schema = schema(ref);
    return new OutputSchema(ref.replaceAll("[^A-Za-z0-9_-]", "_"), schema.orElseThrow(() ->
        new CouncilException(ErrorKind.VALIDATION, "output schema '" + ref + "' is not registered")));
  }

  /** A schema by name: registered on the builder first, then built in. */
  public Optional<Map<String, Object>> schema(String name) {
    Optional<Map<String, Object>> registered = names.schema(name);
    return registered.isPresent() ? registered : JsonSchemas.builtin(name);
  }

  /** The member's tools plus the council's tools. */
  List<Tool> tools(Council council, MemberOptions opts) {
    if (opts.toolsOrEmpty().isEmpty() && council.tools().isEmpty()) {
      return List.of();
    }
    Set<String> wanted = new LinkedHashSet<>(opts.toolsOrEmpty());
    wanted.addAll(council.tools());
    List<Tool> out = new ArrayList<>();
    for (String name : wanted) {
      Tool t = plugins.tools().get(name);
      if (t == null) {
        throw new CouncilException(ErrorKind.VALIDATION, "tool '" + name + "' is not registered");
      }
      out.add(t);
    }
    return out;
  }

  List<CouncilListener> tracerListeners(RunInfo info, RunOptions options) {
    List<CouncilListener> out = new ArrayList<>();
    if (options.verbose() != Verbosity.OFF) {
      out.add(new VerboseTracer(options.verboseOutput().orElse(System.err), options.verbose()));
    }
    for (RunTracer tracer : plugins.tracers()) {
      try {
        tracer.attach(info).ifPresent(out::add);
      } catch (RuntimeException e) {
        log.warn("tracer {} failed to attach to run {}: {}", tracer.getClass().getName(), info.runId(), e.toString());
      }
    }
    return out;
  }

  void forget(Run run) {
    live.remove(run);
  }

  /** Tracks an ended run's recording until the recorder has everything, so {@link #close} can wait for it. */
  void draining(IsolatedRecording recording) {
    draining.add(recording);
  }

  void finished(Run run) {
    finished.add(run);
    if (finishedCount.incrementAndGet() > maxFinished) {
      Run oldest = finished.poll();
      if (oldest != null) {
        finishedCount.decrementAndGet();
        oldest.registry.unregister(oldest.runId);
      }
    }
  }

  /**
   * Removes finished runs older than {@code council.reap-after} from their registries. The queue is in
   * finishing order, so this stops at the first run still within its retention.
   */
  public void reap() {
    Instant now = clock.instant();
    Duration keep = plugins.settings().reapAfter();
    for (Run run = finished.peek(); run != null; run = finished.peek()) {
      Instant at = run.finishedAtOrNull();
      if (at != null && at.plus(keep).isAfter(now)) {
        return;
      }
      if (finished.remove(run)) {
        finishedCount.decrementAndGet();
        run.registry.unregister(run.runId);
      }
    }
  }

  private void reapQuietly() {
    draining.removeIf(r -> r.awaitDrained(Duration.ZERO));
    try {
      reap();
    } catch (RuntimeException e) {
      log.warn("reaping finished runs failed: {}", e.toString());
    }
  }

  /**
   * Terminates runs still in flight (recorded as stopped by the engine, so recovery can resume them),
   * waits up to {@link #CLOSE_DRAIN} for every ended run's records to reach the recorder, then closes the
   * plugins.
   */
  @Override
  public void close() {
    for (Run run : List.copyOf(live)) {
      run.stopNow(dev.council.api.spi.RunOutcome.Stopped.ENGINE_STOPPED);
    }
    long deadline = System.nanoTime() + CLOSE_DRAIN.toNanos();
    for (IsolatedRecording r : List.copyOf(draining)) {
      if (!r.awaitDrained(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        log.warn("closing the engine before every run's records reached the recorder ({} waited)", CLOSE_DRAIN);
        break;
      }
    }
    scheduler.shutdownNow();
    if (ownsExecutor) {
      executor.shutdownNow();
    }
    plugins.close();
  }
}
