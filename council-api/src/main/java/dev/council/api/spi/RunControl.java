package dev.council.api.spi;

import dev.council.api.Result;
import dev.council.api.RunSummary;
import java.util.concurrent.CompletableFuture;

/**
 * Control of one run, wherever it executes. A registry hands out the local run itself, or on a
 * cluster a proxy that routes each call to the owning node.
 *
 * <p>Thread-safe. All methods are idempotent.
 */
public interface RunControl {

  String runId();

  /** A current snapshot. */
  RunSummary state();

  /**
   * Requests cooperative cancellation: in-flight member calls are interrupted, the run finalizes
   * {@code CANCELLED} and emits {@code RunFailed}; sub-runs are cancelled too.
   *
   * @return false if the run had already finished
   */
  boolean cancel();

  /** Stops the run now: no {@code RunFailed}, sub-runs not cascaded, awaiting fails with unknown run. */
  void terminate();

  /**
   * Completes with the run's result (also for cancelled and failed runs), or exceptionally with
   * {@link dev.council.api.UnknownRunException} when the run was terminated.
   */
  CompletableFuture<Result> completion();
}
