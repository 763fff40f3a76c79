package dev.council.cli;

import dev.council.api.UnknownRunException;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code council terminate RUN_ID}: stops a run on whichever node owns it and removes it from the cluster.
 * One instance per invocation.
 */
@Command(name = "terminate", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Terminates a run of the cluster, whichever node runs it: it is stopped without a result or RunFailed"
            + " event and removed everywhere, so it is unknown afterwards (waiters fail with 'unknown run').",
        "Use cancel instead to stop a run and keep its partial result."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the run was terminated",
        "2:bad usage, no cluster configured, the cluster or the run's node cannot be reached",
        "3:no such run in the cluster"})
final class TerminateCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin ClusterAccess cluster = new ClusterAccess();

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id (see: council runs).")
  @Nullable String runId;

  TerminateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String id = Objects.requireNonNull(runId, "runId");
    try (CouncilEngine engine = cluster.connect(ctx, "terminate")) {
      Optional<RunHandle> found = ClusterAccess.find(engine, id, ctx);
      if (found.isEmpty()) {
        return CouncilCli.UNKNOWN_RUN;
      }
      RunHandle handle = found.get();
      String owner;
      try {
        owner = handle.state().owner();
        handle.terminate();
      } catch (UnknownRunException e) {
        ctx.err().println(ClusterAccess.unknown(id));
        return CouncilCli.UNKNOWN_RUN;
      }
      ctx.out().println("terminated run " + id + " on node " + owner + ": it is stopped and no longer known to"
          + " the cluster");
      return CouncilCli.OK;
    }
  }
}
