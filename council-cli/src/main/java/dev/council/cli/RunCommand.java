package dev.council.cli;

import dev.council.api.Budget;
import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.UnknownRunException;
import dev.council.api.ValidationError;
import dev.council.api.Verbosity;
import dev.council.api.config.CouncilConfig;
import dev.council.cli.OfflineFallback.Mode;
import dev.council.cli.OfflineFallback.Plan;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.engine.json.JsonOutput;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code council run FILE}: runs a council file, printing the timeline and the final answer. Blocks until
 * the run ends. One instance per invocation.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Runs a council file: prints the round-by-round timeline, then the final answer with total tokens and"
            + " duration. Ctrl-C cancels the run and prints what had finished.",
        "",
        "Members use real providers when their API keys are set. On a machine where none of the council's"
            + " providers can be used (no keys), members fall back to the offline simulated provider and the"
            + " output says so. If only some providers are usable the run is refused unless --provider-fallback"
            + " or --offline is given."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the run completed",
        "1:the run failed or was cancelled (or was terminated from another node of a cluster)",
        "2:bad usage, unreadable or invalid council file, malformed JSON, unknown or unusable provider"})
final class RunCommand implements Callable<Integer> {
  private static final Duration TIMELINE_DRAIN = Duration.ofSeconds(10);
  private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);
  private static final String NODE_ID = "council.node-id";

  private final CliContext ctx;

  @Spec
  @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The council file (JSON, see docs/councils.md).")
  @Nullable Path file;

  @Option(names = {"-q", "--question"}, paramLabel = "TEXT",
      description = "The question; the same as --input question=TEXT.")
  @Nullable String question;

  @Option(names = {"-i", "--input"}, paramLabel = "KEY=VALUE",
      description = "An input value; repeat for several (e.g. --input question=... --input context=...).")
  Map<String, String> inputs = new LinkedHashMap<>();

  @Option(names = "--json",
      description = "Print the final result as JSON on standard output; the timeline goes to standard error.")
  boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Print the timeline (the default).")
  boolean verbose;

  @Option(names = "--debug",
      description = "Print prompts, responses and tool calls in the timeline too (each cut to 800 characters).")
  boolean debug;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A properties file with council.* settings (providers, defaults). With council.mode=multi-node"
          + " and council.hazelcast.* keys this process runs as a cluster node: its run can be listed, watched,"
          + " cancelled and terminated from any node (docs/clustering.md).")
  @Nullable Path config;

  @Option(names = "--offline",
      description = "Run every member on the simulated provider; no request leaves this machine."
          + " Also set by COUNCIL_OFFLINE=1.")
  boolean offline;

  @Option(names = "--provider-fallback",
      description = "Run members whose provider cannot be used (e.g. its API key is missing) on the simulated"
          + " provider, keeping the usable providers real.")
  boolean providerFallback;

  @Option(names = "--no-fallback",
      description = "Never replace a provider by the simulated one: fail when a provider cannot be used.")
  boolean noFallback;

  @Option(names = "--run-id", paramLabel = "ID",
      description = "The run's id (default: a random UUID); unique across a cluster.")
  @Nullable String runIdOption;

  @Option(names = "--max-tokens", paramLabel = "N",
      description = "Stop the run (it fails) once it has used more than N tokens in total.")
  @Nullable Long maxTokens;

  RunCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Map<String, Object> input = input();
    Mode mode = mode();
    Path path = Objects.requireNonNull(file, "file");
    Council council = CouncilFiles.read(path);
    CouncilConfig cfg = CouncilFiles.config(config, ctx.env());
    if (cfg.getBoolean("council.offline", false)) {
      if (mode == Mode.NEVER) {
        throw usage("--no-fallback contradicts offline mode, which COUNCIL_OFFLINE (or council.offline) turns on;"
            + " unset it or drop --no-fallback");
      }
      mode = Mode.OFFLINE;
    }
    ClassLoader loader = ctx.classLoader();
    try (CouncilEngine engine = CouncilEngine.builder().config(ctx.shareTelemetry(cfg)).classLoader(loader).build()) {
      Plan plan = new OfflineFallback(cfg, loader, engine).plan(council, mode);
      plan.notices().forEach(ctx.err()::println);
      List<ValidationError> errors = engine.validate(plan.council());
      if (!errors.isEmpty()) {
        ctx.err().println("error: " + CouncilFiles.invalid(council, path, errors) + ctx.plugins().skippedNote());
        return CouncilCli.USAGE;
      }
      return run(engine, plan, path, input, ClusterAccess.clustered(cfg) ? cfg.getString(NODE_ID, "local") : null);
    }
  }

  private int run(CouncilEngine engine, Plan plan, Path path, Map<String, Object> input, @Nullable String node) {
    PrintStream info = json ? ctx.err() : ctx.out();
    String runId = runIdOption != null ? runIdOption : UUID.randomUUID().toString();
    header(info, plan, path, input);
    if (node != null) {
      info.println("run " + runId + " on cluster node " + node + "; from any node: council watch " + runId
          + " (or runs, cancel, terminate)");
      info.println();
    }
    Timeline timeline = new Timeline(runId, info, debug ? Verbosity.DEBUG : Verbosity.TIMELINE);
    RunOptions.Builder options = RunOptions.builder().runId(runId).listener(timeline);
    if (maxTokens != null) {
      options.budget(Budget.ofTokens(maxTokens));
    }
    RunHandle handle = engine.start(plan.council(), input, options.build());
    CountDownLatch printed = new CountDownLatch(1);
    Thread hook = ctx.handleSignals() ? cancelOnShutdown(handle, printed) : null;
    try {
      Result result;
      try {
        result = handle.await();
      } catch (UnknownRunException e) {
        ctx.err().println("run " + runId + " was terminated (council terminate, or RunHandle.terminate on any node):"
            + " it stopped without a result");
        return CouncilCli.RUN_FAILED;
      }
      timeline.awaitEnd(TIMELINE_DRAIN);
      if (json) {
        ctx.out().println(JsonOutput.result(result));
        if (!plan.simulated().isEmpty()) {
          ctx.err().println("[offline] answers are simulated: members " + members(plan)
              + " used the offline simulated provider, not a real model");
        }
      } else {
        AnswerBlock.print(ctx.out(), result, plan.simulated());
      }
      ctx.out().flush();
      return result.status() == RunStatus.COMPLETED ? CouncilCli.OK : CouncilCli.RUN_FAILED;
    } finally {
      printed.countDown();
      if (hook != null) {
        removeHook(hook);
      }
    }
  }

  private void header(PrintStream info, Plan plan, Path path, Map<String, Object> input) {
    Council c = plan.council();
    info.println("council '" + c.id() + "' from " + path + ": " + c.members().size()
        + (c.members().size() == 1 ? " member" : " members")
        + (c.chair() == null ? "" : " and chair '" + c.chair().id() + "'") + ", " + c.rounds().size()
        + (c.rounds().size() == 1 ? " round (" : " rounds (")
        + c.rounds().stream().map(Round::name).collect(Collectors.joining(" -> ")) + ")");
    input.forEach((k, v) -> info.println(k + ": " + v));
    if (!plan.simulated().isEmpty()) {
      info.println("offline demo: " + members(plan) + " use the simulated provider - answers are simulated,"
          + " not written by a model");
    }
    info.println();
  }

  private static String members(Plan plan) {
    return plan.simulated().stream().map(Seats.Seat::describe).collect(Collectors.joining(", "));
  }

  private Map<String, Object> input() {
    Map<String, Object> input = new LinkedHashMap<>(inputs);
    if (question != null) {
      if (input.containsKey("question")) {
        throw usage("the question is given twice (--question and --input question=...); give it once");
      }
      input.put("question", question);
    }
    if (input.isEmpty()) {
      throw usage("no input: pass --question TEXT (or --input key=value for councils that take other inputs)");
    }
    return input;
  }

  private Mode mode() {
    if (noFallback && (offline || providerFallback)) {
      throw usage("--no-fallback contradicts " + (offline ? "--offline" : "--provider-fallback") + "; choose one");
    }
    if (runIdOption != null && runIdOption.isBlank()) {
      throw usage("--run-id must not be blank; omit it to get a random id");
    }
    if (maxTokens != null && maxTokens <= 0) {
      throw usage("--max-tokens must be a positive number of tokens, was " + maxTokens);
    }
    if (offline) {
      return Mode.OFFLINE;
    }
    if (providerFallback) {
      return Mode.FALLBACK;
    }
    return noFallback ? Mode.NEVER : Mode.AUTO;
  }

  private ParameterException usage(String message) {
    return new ParameterException(Objects.requireNonNull(spec, "spec").commandLine(), message);
  }

  /** On Ctrl-C: cancels the run and gives the main thread a moment to print the partial result. */
  private Thread cancelOnShutdown(RunHandle handle, CountDownLatch printed) {
    Thread hook = new Thread(() -> {
      if (handle.completion().isDone()) {
        return;
      }
      ctx.err().println();
      ctx.err().println("interrupted: cancelling run " + handle.runId() + "...");
      try {
        handle.cancel();
        printed.await(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (CouncilException e) {
        ctx.err().println("could not cancel run " + handle.runId() + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "council-cancel-on-exit");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already exiting (Ctrl-C): the hook is running and will finish on its own
    }
  }
}
