package dev.council.engine.internal.run;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.InvalidCouncilException;
import dev.council.api.JsonTrees;
import dev.council.api.ResumeRefusedException;
import dev.council.api.ResumeRefusedException.Reason;
import dev.council.api.ValidationError;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunRegistry;
import dev.council.engine.RunOptions;
import dev.council.engine.Sleeper;
import dev.council.engine.internal.catalog.Catalog;
import dev.council.engine.internal.delivery.IsolatedRecording;
import dev.council.engine.internal.otel.Telemetry;
import dev.council.engine.internal.support.Durations;
import dev.council.engine.internal.support.VirtualThreadExecutor;
import dev.council.engine.internal.validation.CouncilValidator;
import dev.council.engine.internal.wiring.EnginePlugins;
import dev.council.engine.internal.wiring.EngineSettings;
import dev.council.engine.internal.wiring.RunRegistries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of one engine and their lifecycle: validating and starting runs (sub-council runs included),
 * resuming and re-running recorded ones, recovery at start-up, the set of live runs, the reaper of
 * finished ones, and closing (terminating what is in flight, then draining recordings). Names are looked
 * up in the {@link Catalog}, never here.
 *
 * <p>Thread-safe. Owns its timer thread and, unless one was given, its executor; {@link #close()} stops
 * both but leaves the plugins to their owner.
 */
public final class Runs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Runs.class);

  /** How long {@link #close} waits for ended runs' records to reach the recorder. */
  static final Duration CLOSE_DRAIN = Duration.ofSeconds(10);

  private final CouncilValidator validator;
  private final RunRegistries registries;
  private final Recorder recorder;
  private final String recorderName;
  private final String nodeId;
  private final Duration reapAfter;
  private final Clock clock;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final ScheduledThreadPoolExecutor scheduler;
  private final RunEnvironment environment;
  private final ConcurrentLinkedQueue<Run> finished = new ConcurrentLinkedQueue<>();
  private final AtomicInteger finishedCount = new AtomicInteger();
  private final int maxFinished;
  /**
   * The council instance validated last, found valid. Councils are immutable and what validation checks
   * against (names, plugins) is fixed when the engine is built, so starting the same instance again needs
   * no new validation.
   */
  private volatile @Nullable Council lastValid;
  private final Set<Run> live = ConcurrentHashMap.newKeySet();
  /** Recordings of ended runs whose last records may still be on their way to the recorder. */
  private final Set<IsolatedRecording> draining = ConcurrentHashMap.newKeySet();
  /** False once {@link #close(Duration)} began: new runs, resumes and re-runs are refused from then on. */
  private volatile boolean accepting = true;

  /**
   * @param plugins the engine's plugins: registries, recorder, pubsub, tracers and settings are used here
   * @param catalog what councils' names resolve against
   * @param executor runs runs and member calls (a new virtual thread per task); null for an own one
   * @param maxFinished how many finished runs are kept for querying at most ({@code council.reap-max});
   *     beyond it the oldest are reaped before their {@code council.reap-after} is up
   * @param telemetry the OpenTelemetry instrumentation of every run
   */
  public Runs(EnginePlugins plugins, Catalog catalog, CouncilValidator validator, Clock clock, Sleeper sleeper,
      @Nullable ExecutorService executor, int maxFinished, Telemetry telemetry) {
    EngineSettings settings = plugins.settings();
    this.validator = validator;
    this.registries = plugins.registries();
    this.recorder = plugins.recorder();
    this.recorderName = settings.recorder();
    this.nodeId = settings.nodeId();
    this.reapAfter = settings.reapAfter();
    this.clock = clock;
    this.maxFinished = maxFinished;
    this.ownsExecutor = executor == null;
    this.executor = executor != null ? executor : new VirtualThreadExecutor();
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "council-timer");
      t.setDaemon(true);
      return t;
    });
    this.scheduler.setRemoveOnCancelPolicy(true);
    MemberCalls memberCalls = new MemberCalls(catalog,
        new MemberPolicy.Defaults(settings.retry(), settings.memberTimeout()),
        new Dispatcher(catalog, new ToolLoop(this.executor), sleeper, new AttemptTimer(scheduler)),
        new SubCouncilCalls(catalog.names(), this::startSubRun));
    this.environment = new RunEnvironment(clock, nodeId, this.executor, plugins.pubSub(),
        new RunTracers(plugins.tracers()), telemetry, catalog, settings.failureMode(), memberCalls, this::ended,
        plugins.reliability());
    long every = Math.max(100, Math.min(Durations.saturated(reapAfter).toMillis(), 5_000));
    scheduler.scheduleWithFixedDelay(this::reapQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Validates, registers and starts a run: a first attempt. */
  public Run startRun(Council council, Map<String, Object> input, RunOptions options) {
    requireAccepting("start a run");
    return startRun(council, input, options, Lineage.FIRST);
  }

  /** A sub-council's run, started by a run in flight: accepted while the engine drains. */
  private Run startSubRun(Council council, Map<String, Object> input, RunOptions options) {
    return startRun(council, input, options, Lineage.FIRST);
  }

  private Run startRun(Council council, Map<String, Object> input, RunOptions options, Lineage lineage) {
    if (council != lastValid) {
      List<ValidationError> errors = validator.validate(council);
      if (!errors.isEmpty()) {
        throw new InvalidCouncilException(council.id(), errors);
      }
      lastValid = council;
    }
    RunRegistry registry = registries.get(options.registry());
    String runId = options.runId().orElseGet(Runs::randomRunId);
    Run run = new Run(environment, runId, council, JsonTrees.copyTree(input), options, lineage,
        registry, options.recorder().orElse(recorder));
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
    requireAccepting("resume run '" + runId + "'");
    reap();
    RunRegistry known = registries.get(options.registry());
    Optional<RunControl> here = known.find(runId);
    if (here.isPresent()) {
      boolean done = here.get().state().status().isFinal();
      throw done ? ResumeRefusedException.alreadyFinished(runId) : new ResumeRefusedException(runId,
          Reason.STILL_RUNNING, "run '" + runId + "' is still running; cancel or terminate it before resuming");
    }
    Recorder runRecorder = options.recorder().orElse(recorder);
    ResumableRun stored = runRecorder.resumable(runId).orElseThrow(() -> new ResumeRefusedException(runId,
        Reason.NOT_RECORDED, "run '" + runId + "' cannot be resumed: the recorder (council.recorder="
            + recorderName + ") has no record of it. Only runs recorded by a persistent recorder such as jdbi"
            + " can be resumed"));
    if (stored.finished()) {
      throw ResumeRefusedException.alreadyFinished(runId);
    }
    RunInfo info = stored.info();
    RunOptions effective = options.toBuilder().runId(runId).build();
    List<ValidationError> errors = validator.validate(info.council());
    if (!errors.isEmpty()) {
      throw new InvalidCouncilException(info.council().id(), errors);
    }
    runRecorder.claim(runId, nodeId);
    RunRegistry registry = registries.get(effective.registry());
    Run run = new Run(environment, runId, info.council(), info.input(), effective,
        new Lineage(info.attempt(), info.parentRunId()), registry, effective.recorder().orElse(recorder), info.startedAt(), stored.nextSeq(),
        info.traceContext());
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
    requireAccepting("re-run run '" + runId + "'");
    Recorder runRecorder = options.recorder().orElse(recorder);
    ResumableRun stored = runRecorder.resumable(runId).orElseThrow(() -> new CouncilException(ErrorKind.VALIDATION,
        "run '" + runId + "' cannot be re-run: the recorder (council.recorder=" + recorderName
            + ") has no record of it"));
    return startRun(stored.info().council(), stored.info().input(), options,
        new Lineage(stored.info().attempt() + 1, runId));
  }

  /** Applies {@code council.recovery} to runs this node left unfinished (its previous life died). */
  public void recover(Recovery recovery) {
    if (recovery == Recovery.OFF) {
      return;
    }
    List<String> orphans;
    try {
      orphans = recorder.unfinishedRuns(nodeId);
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

  /**
   * Resumes, from now on, the runs of the default registry that another node left unfinished when it
   * left the cluster and that its registry hands to this node ({@link RunRegistry#onOrphanedRuns}).
   */
  public void adoptOrphans() {
    registries.defaultRegistry().onOrphanedRuns(runId -> {
      log.info("adopting run {} whose node left the cluster", runId);
      resumeRun(runId, RunOptions.DEFAULTS);
    });
  }

  /**
   * Refuses new work once closing began. Sub-council runs of runs already in flight are not refused: they
   * start through {@link #startSubRun}, so a draining run can finish.
   */
  private void requireAccepting(String what) {
    if (!accepting) {
      throw new IllegalStateException("cannot " + what + ": the engine is closing and no longer accepts runs;"
          + " start it on an engine that is open (in a cluster, another node)");
    }
  }

  /** Failover of other nodes' runs: {@code council.failover}. */
  public enum Failover {
    OFF,
    ADOPT
  }

  /** What to do at start-up with runs this node left unfinished: {@code council.recovery}. */
  public enum Recovery {
    OFF,
    MARK_STUCK,
    RESUME
  }

  /** A random (version 4) UUID; unlike {@link UUID#randomUUID()} it needs no shared SecureRandom. */
  private static String randomRunId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  private void ended(Run run, boolean wasFinished) {
    IsolatedRecording recording = run.recording();
    if (recording != null) {
      draining.add(recording);
    }
    if (wasFinished) {
      finished(run);
    }
    live.remove(run);
  }

  private void finished(Run run) {
    finished.add(run);
    if (finishedCount.incrementAndGet() > maxFinished) {
      Run oldest = finished.poll();
      if (oldest != null) {
        finishedCount.decrementAndGet();
        oldest.registry().unregister(oldest.runId());
      }
    }
  }

  /**
   * Removes finished runs older than {@code council.reap-after} from their registries. The queue is in
   * finishing order, so this stops at the first run still within its retention.
   */
  public void reap() {
    Instant now = clock.instant();
    for (Run run = finished.peek(); run != null; run = finished.peek()) {
      Instant at = run.finishedAtOrNull();
      if (at != null && Durations.plus(at, reapAfter).isAfter(now)) {
        return;
      }
      if (finished.remove(run)) {
        finishedCount.decrementAndGet();
        run.registry().unregister(run.runId());
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

  /** {@link #close(Duration)} with no drain period: runs in flight are stopped at once. */
  @Override
  public void close() {
    close(Duration.ZERO);
  }

  /**
   * Closes gracefully: refuses new runs, resumes and re-runs from now on, lets the runs in flight finish
   * for up to {@code drain}, then stops the ones still running as resumable (recorded as stopped by the
   * engine, not as failed or terminated, so recovery on a restarted node or adoption by another node
   * continues them from the journal), and waits up to {@link #CLOSE_DRAIN} for every ended run's records to
   * reach the recorder. Plugins stay open: their owner closes them after this. Calling it again is
   * harmless.
   *
   * @param drain how long to wait for runs in flight; zero stops them at once
   */
  public void close(Duration drain) {
    accepting = false;
    long drainDeadline = Durations.deadlineNanos(System.nanoTime(), drain);
    for (Run run : List.copyOf(live)) {
      long left = Durations.nanosLeft(drainDeadline, System.nanoTime());
      if (left <= 0) {
        break;
      }
      try {
        run.completion().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | CancellationException | TimeoutException e) {
        // ended otherwise, or still running when the drain period is up: handled below
      }
    }
    if (!live.isEmpty()) {
      log.info("stopping {} run(s) still in flight as resumable{}", live.size(),
          drain.isZero() ? "" : " after a drain of " + drain);
    }
    for (Run run : List.copyOf(live)) {
      run.stopNow(StopReason.ENGINE_STOPPED);
    }
    long deadline = Durations.deadlineNanos(System.nanoTime(), CLOSE_DRAIN);
    for (IsolatedRecording r : List.copyOf(draining)) {
      if (!r.awaitDrained(Duration.ofNanos(Durations.nanosLeft(deadline, System.nanoTime())))) {
        log.warn("closing the engine before every run's records reached the recorder ({} waited)", CLOSE_DRAIN);
        break;
      }
    }
    scheduler.shutdownNow();
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }
}
