package dev.council.engine;

import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunRegistry;
import dev.council.engine.internal.support.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A reference to a run, local or (in clustered mode) on another node. Thread-safe; cheap to keep.
 *
 * <p>Used in try-with-resources it makes a <em>linked</em> start: {@link #close()} cancels the run if it
 * is still in progress. A handle whose run was terminated or reaped is <em>stale</em>: {@link #state()}
 * and {@link #cancel()} then throw {@link UnknownRunException}; {@link #terminate()} stays a no-op.
 */
public final class RunHandle implements AutoCloseable {
  private final RunControl control;
  private final RunRegistry registry;
  private final @Nullable Duration defaultAwait;

  RunHandle(RunControl control, RunRegistry registry, @Nullable Duration defaultAwait) {
    this.control = Objects.requireNonNull(control, "control");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.defaultAwait = defaultAwait;
  }

  public String runId() {
    return control.runId();
  }

  /**
   * Waits for the result, up to the run's {@code awaitTimeout} option (forever when unset). Cancelled and
   * failed runs return their (partial) result; this never throws for them.
   *
   * @throws UnknownRunException if the run was terminated
   * @throws CouncilException of kind {@code TIMEOUT} if the wait timed out (the run goes on)
   */
  public Result await() {
    return defaultAwait == null ? awaitForever() : await(defaultAwait);
  }

  /**
   * Waits at most {@code timeout} for the result.
   *
   * @throws UnknownRunException if the run was terminated
   * @throws CouncilException of kind {@code TIMEOUT} if the wait timed out (the run goes on), of kind
   *     {@code CANCELLED} if the waiting thread was interrupted
   */
  public Result await(Duration timeout) {
    try {
      return control.completion().get(Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.TIMEOUT, "run '" + runId() + "' did not finish within "
          + timeout + "; it is still running — await again, or cancel it"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CouncilException(ErrorKind.CANCELLED, "interrupted while awaiting run '" + runId() + "'");
    } catch (ExecutionException | CancellationException e) {
      throw unwrap(e);
    }
  }

  private Result awaitForever() {
    try {
      return control.completion().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CouncilException(ErrorKind.CANCELLED, "interrupted while awaiting run '" + runId() + "'");
    } catch (ExecutionException | CancellationException e) {
      throw unwrap(e);
    }
  }

  private RuntimeException unwrap(Exception e) {
    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
    if (cause instanceof RuntimeException re) {
      return re;
    }
    return new UnknownRunException(runId());
  }

  /** Completes with the run's result, or exceptionally with {@link UnknownRunException} on terminate. */
  public CompletableFuture<Result> completion() {
    return control.completion();
  }

  /**
   * Cancels cooperatively: in-flight member calls are interrupted, the run finalizes {@code CANCELLED},
   * emits {@code RunFailed}, cancels its sub-runs; {@link #await()} then returns the partial result.
   *
   * @return true if this call cancelled a running run, false if it had already finished
   * @throws UnknownRunException if the handle is stale (run terminated or reaped)
   */
  public boolean cancel() {
    ensureKnown();
    return control.cancel();
  }

  /**
   * Stops the run now: no {@code RunFailed}, sub-runs are not cancelled, awaiting fails with {@link
   * UnknownRunException}. Idempotent, also on a stale handle.
   */
  public void terminate() {
    control.terminate();
  }

  /**
   * A snapshot: id, council, status, current round, rounds completed, started.
   *
   * @throws UnknownRunException if the handle is stale (run terminated or reaped)
   */
  public RunSummary state() {
    ensureKnown();
    return control.state();
  }

  /** Cancels the run if it is still running (linked start). */
  @Override
  public void close() {
    if (registry.find(runId()).isPresent() && control.state().status() == RunStatus.RUNNING) {
      control.cancel();
    }
  }

  private void ensureKnown() {
    if (registry.find(runId()).isEmpty()) {
      throw new UnknownRunException(runId());
    }
  }

  @Override
  public String toString() {
    return "RunHandle[" + runId() + "]";
  }
}
