package dev.council.cli;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.UnknownRunException;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code council cancel RUN_ID}: cancels a run on whichever node owns it, then waits (at most {@value
 * #WAIT_SECONDS} s) for it to end and prints its status. One instance per invocation.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Cancels a run of the cluster, whichever node runs it: its members are interrupted and it ends"
            + " CANCELLED with what had finished (its watchers see RunFailed). Waits until it has ended.",
        "Use terminate instead to stop a run and forget it without a result."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the run was cancelled",
        "1:the run had already ended: nothing to cancel",
        "2:bad usage, no cluster configured, the cluster or the run's node cannot be reached",
        "3:no such run in the cluster"})
final class CancelCommand implements Callable<Integer> {
  static final int WAIT_SECONDS = 30;

  private final CliContext ctx;

  @Mixin ClusterAccess cluster = new ClusterAccess();

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id (see: council runs).")
  @Nullable String runId;

  CancelCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String id = Objects.requireNonNull(runId, "runId");
    try (CouncilEngine engine = cluster.connect(ctx, "cancel")) {
      Optional<RunHandle> found = ClusterAccess.find(engine, id, ctx);
      if (found.isEmpty()) {
        return CouncilCli.UNKNOWN_RUN;
      }
      RunHandle handle = found.get();
      String owner;
      try {
        owner = handle.state().owner();
        if (!handle.cancel()) {
          ctx.out().println("run " + id + " had already ended (" + handle.state().status()
              + "): nothing to cancel");
          return CouncilCli.RUN_FAILED;
        }
      } catch (UnknownRunException e) {
        ctx.err().println(ClusterAccess.unknown(id));
        return CouncilCli.UNKNOWN_RUN;
      }
      ctx.out().println("cancelling run " + id + " on node " + owner + "...");
      try {
        Result result = handle.await(Duration.ofSeconds(WAIT_SECONDS));
        ctx.out().println("run " + id + " ended " + result.status()
            + (result.status() == RunStatus.CANCELLED ? "" : " (it finished before the cancel reached it)"));
        return result.status() == RunStatus.CANCELLED ? CouncilCli.OK : CouncilCli.RUN_FAILED;
      } catch (UnknownRunException e) {
        // the owner dropped the run right after it ended: a `council run` node exits when its run ends
        ctx.out().println("run " + id + " was cancelled; its node has already removed it, so its final status"
            + " cannot be shown");
        return CouncilCli.OK;
      }
    }
  }
}
