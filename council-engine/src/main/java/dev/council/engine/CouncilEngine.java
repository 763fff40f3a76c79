package dev.council.engine;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.Profile;
import dev.council.api.Result;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.ValidationError;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.Topics;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.InputMapper;
import dev.council.api.spi.InputTransform;
import dev.council.api.spi.OutputValidator;
import dev.council.api.spi.IterationPredicate;
import dev.council.api.spi.PairwiseJudge;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.ReliabilityStore;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.Router;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunRegistry;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.api.spi.Subscription;
import dev.council.api.spi.Tool;
import dev.council.api.spi.RunTracer;
import dev.council.engine.internal.wiring.EngineOverrides;
import dev.council.engine.internal.wiring.EnginePlugins;
import dev.council.engine.internal.catalog.Catalog;
import dev.council.engine.internal.catalog.RegisteredNames;
import dev.council.engine.internal.otel.OtelSettings;
import dev.council.engine.internal.otel.Telemetries;
import dev.council.engine.internal.otel.Telemetry;
import dev.council.engine.internal.run.Run;
import dev.council.engine.internal.run.Runs;
import dev.council.engine.internal.validation.CouncilValidator;
import dev.council.engine.internal.wiring.Wiring;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Runs councils. Create one per application and share it: it is thread-safe, and owns the plugins
 * (pubsub, registry, recorder, providers) that configuration selected. Close it on shutdown.
 *
 * <pre>{@code
 * CouncilEngine engine = CouncilEngine.create();
 * Result r = engine.run(council, Map.of("question", q));               // blocking
 * RunHandle h = engine.start(council, input, RunOptions.builder()
 *     .listener(event -> ...).build());                               // async; sees RunStarted
 * }</pre>
 *
 * <p>{@link #start} returns at once and the run belongs to nobody: it survives its caller. {@link #run}
 * is start plus await. A run started through a {@link RunGroup}, or whose handle is used in
 * try-with-resources, ends with that scope.
 */
public final class CouncilEngine implements AutoCloseable {
  /**
   * Start-up recovery of runs this node left unfinished: {@code off} (default), {@code mark-stuck}, or
   * {@code resume} (needs a persistent recorder).
   */
  public static final String RECOVERY = "council.recovery";

  /**
   * Failover in clustered mode: {@code off} (default) or {@code adopt}: when another node leaves the
   * cluster with runs unfinished in the default registry, exactly one surviving node with {@code adopt}
   * resumes each of them from the recorder's journal (needs a shared recorder: {@code hazelcast} or
   * {@code jdbi}). See docs/clustering.md.
   */
  public static final String FAILOVER = "council.failover";

  /**
   * At most this many finished runs stay queryable ({@code find}, {@code await}); beyond it the oldest
   * are reaped before {@code council.reap-after} is up, so a high run rate cannot fill the heap.
   */
  public static final String REAP_MAX = "council.reap-max";

  /**
   * OpenTelemetry instrumentation ({@code true} by default): spans and metrics through the instance given
   * to {@link Builder#openTelemetry}, else {@code GlobalOpenTelemetry} once the application sets it; a
   * no-op without an SDK. {@code false} turns it off. See docs/observability.md.
   */
  public static final String OTEL_ENABLED = OtelSettings.ENABLED;

  /**
   * Whether prompts, responses and tool arguments/results are recorded on spans ({@code false} by
   * default, or {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT}); each text is cut to
   * {@link #OTEL_CONTENT_MAX_LENGTH} characters.
   */
  public static final String OTEL_CAPTURE_CONTENT = OtelSettings.CAPTURE_CONTENT;

  /** The most characters of one captured text kept on a span (default 4096). */
  public static final String OTEL_CONTENT_MAX_LENGTH = OtelSettings.CONTENT_MAX_LENGTH;

  /**
   * A folder of council JSON files (one council per {@code *.json} file) registered by their ids at build,
   * so {@code subCouncilRef} and auto councils find them by name. Councils registered in code with
   * {@link Builder#council} win over a file's of the same id.
   */
  public static final String COUNCILS_DIR = "council.councils-dir";

  /**
   * A folder of profile JSON files (each a profile object or an array of them) registered by name at build.
   * Precedence of a profile name, highest first: the council's inline profiles, {@link Builder#profile},
   * this folder, {@link ShippedProfiles}.
   */
  public static final String PROFILES_DIR = "council.profiles-dir";

  /** The default of {@link #REAP_MAX}. */
  public static final int DEFAULT_REAP_MAX = 10_000;

  private final EnginePlugins plugins;
  private final Catalog catalog;
  private final CouncilValidator validator;
  private final Runs runs;
  private final CouncilConfig config;

  private CouncilEngine(EnginePlugins plugins, Catalog catalog, CouncilValidator validator, Runs runs,
      CouncilConfig config) {
    this.catalog = catalog;
    this.plugins = plugins;
    this.validator = validator;
    this.runs = runs;
    this.config = config;
  }

  /** An engine configured from system properties, {@code COUNCIL_*} environment and {@code council.properties}. */
  public static CouncilEngine create() {
    return builder().build();
  }

  /** An engine with the given configuration. */
  public static CouncilEngine create(CouncilConfig config) {
    return builder().config(config).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs a council and waits for its result (up to the options' {@code awaitTimeout}). A failed or
   * cancelled run returns its partial result with status {@code FAILED}/{@code CANCELLED}.
   *
   * @throws dev.council.api.InvalidCouncilException if the council does not validate (no call was made)
   */
  public Result run(Council council, Map<String, Object> input) {
    return run(council, input, RunOptions.DEFAULTS);
  }

  /** See {@link #run(Council, Map)}. */
  public Result run(Council council, Map<String, Object> input, RunOptions options) {
    try (RunHandle h = start(council, input, options)) {
      return h.await();
    }
  }

  /**
   * Starts a run and returns at once. Listeners in {@code options} are attached before the run starts and
   * see {@code RunStarted} and every later event.
   *
   * @throws dev.council.api.InvalidCouncilException if the council does not validate (no call was made)
   */
  public RunHandle start(Council council, Map<String, Object> input) {
    return start(council, input, RunOptions.DEFAULTS);
  }

  /** See {@link #start(Council, Map)}. */
  public RunHandle start(Council council, Map<String, Object> input, RunOptions options) {
    Objects.requireNonNull(council, "council");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(options, "options");
    Run run = runs.startRun(council, input, options);
    return new RunHandle(run, run.registry(), options.awaitTimeout().orElse(null));
  }

  /**
   * Resumes a run whose engine died, from the configured recorder's history: same run id, events
   * continuing its sequence, and every member call that had finished taken from the recorder's journal
   * rather than made (and paid for) again.
   *
   * @throws dev.council.api.ResumeRefusedException if the run is not resumed, with the {@linkplain
   *     dev.council.api.ResumeRefusedException#reason() reason}: it finished, it still runs here, another
   *     live engine owns it (the recorder's lease or the cluster's claim), or the recorder has no record of it
   * @throws dev.council.api.InvalidCouncilException if the stored council no longer validates
   */
  public RunHandle resume(String runId) {
    return resume(runId, RunOptions.DEFAULTS);
  }

  /** See {@link #resume(String)}; {@code options} apply to the resumed run (its id is kept). */
  public RunHandle resume(String runId, RunOptions options) {
    Run run = runs.resumeRun(runId, options);
    return new RunHandle(run, run.registry(), options.awaitTimeout().orElse(null));
  }

  /**
   * Runs a recorded run again as a new attempt: a new run id, linked to {@code runId} as its parent,
   * with the attempt number incremented. For retrying failed runs.
   */
  public RunHandle rerun(String runId) {
    return rerun(runId, RunOptions.DEFAULTS);
  }

  /** See {@link #rerun(String)}. */
  public RunHandle rerun(String runId, RunOptions options) {
    Run run = runs.rerun(runId, options);
    return new RunHandle(run, run.registry(), options.awaitTimeout().orElse(null));
  }

  /** A handle to a run in the default registry, while it runs and for {@code council.reap-after} after. */
  public Optional<RunHandle> find(String runId) {
    return find(runId, RunOptions.DEFAULT_REGISTRY);
  }

  /** A handle to a run in the named registry. */
  public Optional<RunHandle> find(String runId, String registry) {
    runs.reap();
    RunRegistry reg = plugins.registries().get(registry);
    Optional<RunControl> control = reg.find(runId);
    return control.map(c -> new RunHandle(c, reg, null));
  }

  /**
   * Subscribes to a run's events from now on (best effort: earlier events are missed; give listeners in
   * {@link RunOptions} to see every event).
   *
   * @throws UnknownRunException if no such run is known
   */
  public Subscription subscribe(String runId, CouncilListener listener) {
    if (find(runId).isEmpty()) {
      throw new UnknownRunException(runId);
    }
    return plugins.pubSub().subscribe(Topics.run(runId), listener);
  }

  /** Subscribes to any topic, e.g. a relay topic or {@link Topics#subRun}. */
  public Subscription subscribeTopic(String topic, CouncilListener listener) {
    return plugins.pubSub().subscribe(topic, listener);
  }

  /** Runs in progress in the default registry. */
  public List<RunSummary> activeRuns() {
    return activeRuns(RunOptions.DEFAULT_REGISTRY);
  }

  /** Runs in progress in the named registry. */
  public List<RunSummary> activeRuns(String registry) {
    runs.reap();
    return plugins.registries().get(registry).active();
  }

  /** Checks a council without running it: every problem with path, code and message. Pure. */
  public List<ValidationError> validate(Council council) {
    return validator.validate(council);
  }

  /**
   * The options {@code member} of {@code council} runs with: its profiles applied in precedence order,
   * lowest first, configured default profile ({@code council.defaults.profile}) &lt; the council's
   * default profile &lt; the member's profile &lt; the member's inline options. A profile name is looked
   * up among the council's own profiles first, then those registered with {@link Builder#profile}; an
   * unknown name adds nothing (validation reports it). For a member of a sub-council, pass the
   * sub-council. Run options ({@link RunOptions}) are not included. Pure; thread-safe.
   */
  public MemberOptions effectiveOptions(Council council, Member member) {
    return catalog.effectiveOptions(council, member);
  }

  /**
   * The JSON Schema a member gets with {@code outputSchemaRef = name}: one registered with
   * {@link Builder#schema}, else a built-in one ({@code vote}, {@code ranking}); empty when neither
   * exists. The map is an unmodifiable JSON-like tree. Thread-safe.
   */
  public Optional<Map<String, Object>> outputSchema(String name) {
    return catalog.schema(name);
  }

  /**
   * The store of learned member reliability this engine's runs use ({@code council.reliability.store},
   * {@code memory} by default, or the one given to {@link Builder#reliabilityStore}). Record outcomes your
   * application knows (a reviewer's verdict, a later ground truth) with {@link ReliabilityStore#record};
   * weighted rounds asked to use it read {@link ReliabilityStore#score}. Thread-safe; owned by the engine.
   */
  public ReliabilityStore reliability() {
    return plugins.reliability();
  }

  /**
   * The recorder this engine's runs are recorded with ({@code council.recorder}, or the one given to
   * {@link Builder#recorder}); e.g. for {@code RunHistory.from(engine.recorder())} in
   * {@code council-recorder-jdbi}, which reads what it stored through its own connections. Thread-safe;
   * owned by the engine, which closes it: do not close it yourself.
   */
  public Recorder recorder() {
    return plugins.recorder();
  }

  /** A new group of runs; closing it terminates the group's runs still in progress. */
  public RunGroup group(String name) {
    return new RunGroup(name, this);
  }

  /** The configuration this engine runs with. */
  public CouncilConfig config() {
    return config;
  }

  /**
   * Closes the engine with the drain period of {@code council.shutdown.drain} (default zero): see
   * {@link #close(Duration)}.
   */
  @Override
  public void close() {
    close(plugins.settings().shutdownDrain());
  }

  /**
   * Closes the engine gracefully. From the call on, {@code start}, {@code run}, {@code resume} and
   * {@code rerun} throw {@link IllegalStateException}; runs in flight (and the sub-council runs they start)
   * go on for up to {@code drain}. Runs still in flight then are stopped <em>as resumable</em>: recorded as
   * stopped by the engine, not failed, so with a persistent recorder {@code council.recovery=resume} on the
   * restarted node, {@link #resume} on any engine, or (clustered, {@code council.failover=adopt}) another
   * node carries them on from the journal without paying again for finished member calls. Handles of
   * stopped runs complete exceptionally. Then the reaper stops and plugins close (pubsub, registries,
   * recorder after its buffered records are written, providers).
   *
   * <p>Blocks the calling thread for up to {@code drain} plus the recorder's flush. Calling it again is
   * harmless.
   *
   * @param drain how long runs in flight may go on; {@link Duration#ZERO} stops them at once
   * @throws IllegalArgumentException if {@code drain} is negative
   */
  public void close(Duration drain) {
    Objects.requireNonNull(drain, "drain");
    if (drain.isNegative()) {
      throw new IllegalArgumentException("drain must be zero or positive, was " + drain);
    }
    try {
      runs.close(drain);
    } finally {
      plugins.close();
    }
  }

  /** Configures an engine. Not thread-safe. */
  public static final class Builder {
    private @Nullable CouncilConfig config;
    private ClassLoader classLoader = defaultClassLoader();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private @Nullable ExecutorService executor;
    private @Nullable OpenTelemetry openTelemetry;
    private final EngineOverrides.Builder overrides = EngineOverrides.builder();
    private final RegisteredNames names = new RegisteredNames();

    private Builder() {}

    public Builder config(CouncilConfig config) { this.config = config; return this; }
    public Builder classLoader(ClassLoader loader) { this.classLoader = loader; return this; }
    /** The clock for timestamps and reaping. */
    public Builder clock(Clock clock) { this.clock = clock; return this; }
    /** Waits between retries. */
    public Builder sleeper(Sleeper sleeper) { this.sleeper = sleeper; return this; }
    /**
     * Runs runs and member calls; must start a new (virtual) thread per task. Default: the engine's own,
     * a new virtual thread per task, shut down by {@link CouncilEngine#close()}; an executor given here is
     * the caller's to shut down.
     */
    public Builder executor(ExecutorService executor) { this.executor = executor; return this; }
    /**
     * The OpenTelemetry instance runs are traced and measured with (spans, metrics, and the propagator of
     * the trace headers sent to providers). Default: the instance shared through the configuration
     * ({@code CouncilConfig.withShared(OpenTelemetry.class, ...)}), else {@code GlobalOpenTelemetry} once the
     * application sets it; without any, instrumentation is a no-op. An instance given here is also shared
     * with the plugins through the configuration (the {@code hazelcast} registry traces the control calls it
     * serves with it).
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }
    public Builder pubSub(PubSub pubSub) { overrides.pubSub(pubSub); return this; }
    public Builder registryFactory(RunRegistryFactory factory) { overrides.registryFactory(factory); return this; }
    public Builder recorder(Recorder recorder) { overrides.recorder(recorder); return this; }
    /** The reliability store, whatever {@code council.reliability.store} says. */
    public Builder reliabilityStore(ReliabilityStore store) { overrides.reliabilityStore(store); return this; }
    /** A provider instance for {@code id}, bypassing configuration. */
    public Builder provider(String id, LlmProvider provider) { overrides.provider(id, provider); return this; }
    public Builder providerFactory(LlmProviderFactory factory) { overrides.providerFactory(factory); return this; }
    public Builder roundType(RoundType type) { overrides.roundType(type); return this; }
    public Builder aggregator(Aggregator aggregator) { overrides.aggregator(aggregator); return this; }
    public Builder tool(Tool tool) { overrides.tool(tool); return this; }
    public Builder tracer(RunTracer tracer) { overrides.tracer(tracer); return this; }
    public Builder profile(Profile profile) { names.profile(profile); return this; }
    public Builder router(String name, Router router) { names.router(name, router); return this; }
    public Builder inputMapper(String name, InputMapper mapper) { names.inputMapper(name, mapper); return this; }
    /** A JSON Schema members refer to with {@code outputSchemaRef}. */
    public Builder schema(String name, Map<String, Object> schema) { names.schema(name, schema); return this; }
    /** A predicate {@code iterate} rounds refer to with their {@code until} option. */
    public Builder predicate(String name, IterationPredicate predicate) { names.predicate(name, predicate); return this; }
    /** A judge {@code pairwise_elimination} rounds refer to with their {@code judge} option. */
    public Builder judge(String name, PairwiseJudge judge) { names.judge(name, judge); return this; }
    /** A member hook members (or profiles) refer to with {@code transformInput}: reshapes the prompt. */
    public Builder inputTransform(String name, InputTransform transform) {
      names.inputTransform(name, transform);
      return this;
    }

    /**
     * A member hook members (or profiles) refer to with {@code validate}: a business rule on the parsed
     * output, re-asked like invalid structured output when it fails.
     */
    public Builder outputValidator(String name, OutputValidator validator) {
      names.outputValidator(name, validator);
      return this;
    }

    /** A council members refer to with {@code subCouncilRef}. */
    public Builder council(String name, Council council) { names.council(name, council); return this; }
    /**
     * A test on run input that auto councils' {@code rules} refer to with a catalog entry's
     * {@code predicate}. See {@link dev.council.engine.auto.AutoCouncil}.
     */
    public Builder inputPredicate(String name, dev.council.api.spi.InputPredicate predicate) {
      names.inputPredicate(name, predicate);
      return this;
    }

    /**
     * Builds the engine: loads configuration, discovers plugins, selects them by name.
     *
     * @throws dev.council.api.config.ConfigException listing every configuration problem
     * @throws dev.council.api.CouncilException when a configured plugin is missing (naming what is available)
     */
    public CouncilEngine build() {
      CouncilConfig cfg = config != null ? config : CouncilConfig.builder().classLoader(classLoader).build();
      if (openTelemetry != null) {
        cfg = cfg.withShared(OpenTelemetry.class, openTelemetry); // plugins trace with the engine's instance
      }
      dev.council.engine.internal.catalog.ConfiguredNames.load(names, COUNCILS_DIR, cfg.get(COUNCILS_DIR).orElse(null),
          PROFILES_DIR, cfg.get(PROFILES_DIR).orElse(null));
      Runs.Recovery recovery = cfg.getEnum(RECOVERY, Runs.Recovery.class, Runs.Recovery.OFF);
      Runs.Failover failover = cfg.getEnum(FAILOVER, Runs.Failover.class, Runs.Failover.OFF);
      EnginePlugins plugins = Wiring.create(cfg, classLoader, overrides.build());
      int maxFinished = cfg.getInt(REAP_MAX, DEFAULT_REAP_MAX);
      if (maxFinished < 0) {
        throw new dev.council.api.config.ConfigException(java.util.List.of(REAP_MAX + " is " + maxFinished
            + " but must be 0 or more (how many finished runs stay queryable at most)"));
      }
      Catalog catalog = Catalog.of(plugins, names);
      CouncilValidator validator = new CouncilValidator(catalog, plugins.settings().maxSubCouncilDepth(),
          plugins.settings().maxExpandedSeats());
      Telemetry telemetry = Telemetries.create(OtelSettings.from(cfg),
          openTelemetry != null ? openTelemetry : cfg.shared(OpenTelemetry.class).orElse(null));
      Runs runs = new Runs(plugins, catalog, validator, clock, sleeper, executor, maxFinished, telemetry);
      runs.recover(recovery);
      if (failover == Runs.Failover.ADOPT) {
        runs.adoptOrphans();
      }
      return new CouncilEngine(plugins, catalog, validator, runs, cfg);
    }

    private static ClassLoader defaultClassLoader() {
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      return cl != null ? cl : CouncilEngine.class.getClassLoader();
    }
  }
}
