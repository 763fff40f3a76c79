package dev.council.cli;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.UnknownRunException;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.api.event.Topics;
import dev.council.api.spi.Subscription;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private static final Duration END_EVENT_WAIT = Duration.ofSeconds(5);

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
      RunEnd end = new RunEnd();
      Subscription subscription = engine.subscribeTopic(Topics.run(id), end);
      try {
        return cancel(handle, end);
      } finally {
        subscription.close();
      }
    }
  }

  private int cancel(RunHandle handle, RunEnd end) {
    String id = handle.runId();
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
    Result result;
    try {
      result = handle.await(Duration.ofSeconds(WAIT_SECONDS));
    } catch (UnknownRunException e) {
      // the owner dropped the run as soon as it ended (a `council run` node exits then): its last event tells
      result = end.await(END_EVENT_WAIT);
    }
    if (result == null) {
      ctx.out().println("run " + id + " was cancelled; its node has already removed it, so its final status"
          + " cannot be shown");
      return CouncilCli.OK;
    }
    ctx.out().println("run " + id + " ended " + result.status()
        + (result.status() == RunStatus.CANCELLED ? "" : " (it finished before the cancel reached it)"));
    return result.status() == RunStatus.CANCELLED ? CouncilCli.OK : CouncilCli.RUN_FAILED;
  }

  /** Keeps the result a run's terminal event carries. Thread-safe. */
  private static final class RunEnd implements CouncilListener {
    private final CompletableFuture<Result> result = new CompletableFuture<>();

    @Override
    public void onEvent(CouncilEvent event) {
      if (event instanceof RunCompleted done) {
        result.complete(done.result());
      } else if (event instanceof RunFailed failed) {
        result.complete(failed.result());
      }
    }

    /** The result, or null when no terminal event arrived within {@code max}. */
    @Nullable Result await(Duration max) {
      try {
        return result.get(max.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
