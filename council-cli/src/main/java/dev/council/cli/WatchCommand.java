package dev.council.cli;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.Verbosity;
import dev.council.api.event.Topics;
import dev.council.api.spi.Subscription;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.json.JsonOutput;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code council watch RUN_ID}: prints the timeline of a run of any node as it happens, then its result.
 * Blocks until the run ends. One instance per invocation.
 */
@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Prints a run's timeline live, whichever node of the cluster runs it, from the moment you start"
            + " watching (earlier events are not replayed), and its result once it ends: the final answer,"
            + " or the partial one of a cancelled or failed run. Ctrl-C stops watching; the run goes on."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the run completed",
        "1:the run failed, was cancelled, or was terminated while watched",
        "2:bad usage, no cluster configured, or the cluster cannot be reached",
        "3:no such run in the cluster"})
final class WatchCommand implements Callable<Integer> {
  private static final Duration TIMELINE_DRAIN = Duration.ofSeconds(5);

  private final CliContext ctx;

  @Mixin ClusterAccess cluster = new ClusterAccess();

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id (see: council runs).")
  @Nullable String runId;

  @Option(names = "--json",
      description = "Print the final result as JSON on standard output; the timeline goes to standard error.")
  boolean json;

  @Option(names = "--debug",
      description = "Print prompts, responses and tool calls in the timeline too (each cut to 800 characters).")
  boolean debug;

  WatchCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String id = Objects.requireNonNull(runId, "runId");
    PrintStream info = json ? ctx.err() : ctx.out();
    try (CouncilEngine engine = cluster.connect(ctx, "watch")) {
      Optional<RunHandle> found = ClusterAccess.find(engine, id, ctx);
      if (found.isEmpty()) {
        return CouncilCli.UNKNOWN_RUN;
      }
      RunHandle handle = found.get();
      Timeline timeline = new Timeline(id, info, debug ? Verbosity.DEBUG : Verbosity.TIMELINE);
      Subscription subscription = engine.subscribeTopic(Topics.run(id), timeline);
      try {
        RunSummary state = handle.state();
        boolean endedBefore = state.status() != RunStatus.RUNNING;
        info.println("watching run " + id + " of council '" + state.councilId() + "' on node " + state.owner()
            + (endedBefore ? " (it has already ended)" : " (started " + state.startedAt() + ", round "
                + (state.currentRound() == null ? "-" : state.currentRound()) + ")"));
        Result result = handle.await();
        if (!endedBefore) {
          timeline.awaitEnd(TIMELINE_DRAIN);
        }
        if (json) {
          ctx.out().println(JsonOutput.result(result));
        } else {
          AnswerBlock.print(ctx.out(), result, List.of());
        }
        return result.status() == RunStatus.COMPLETED ? CouncilCli.OK : CouncilCli.RUN_FAILED;
      } catch (UnknownRunException e) {
        ctx.err().println("run " + id + " was terminated (or removed with its node) while watching: it has no"
            + " result");
        return CouncilCli.RUN_FAILED;
      } finally {
        subscription.close();
      }
    }
  }
}
