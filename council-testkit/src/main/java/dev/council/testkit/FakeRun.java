package dev.council.testkit;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.Usage;
import dev.council.api.spi.RunControl;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A stand-in run for registry tests: it does no work, and its status changes only when a test calls
 * {@link #finish}, {@link #cancel} or {@link #terminate}.
 *
 * <p>Thread-safe.
 */
public final class FakeRun implements RunControl {
  private static final Instant STARTED = Instant.parse("2025-01-01T00:00:00Z");

  private final String runId;
  private final String councilId;
  private final String owner;
  private volatile RunStatus status = RunStatus.RUNNING;
  private final CompletableFuture<Result> completion = new CompletableFuture<>();

  public FakeRun(String runId, String councilId, String owner) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.councilId = Objects.requireNonNull(councilId, "councilId");
    this.owner = Objects.requireNonNull(owner, "owner");
  }

  /** A running fake run of council {@code kit-council} owned by {@code local}. */
  public static FakeRun running(String runId) {
    return new FakeRun(runId, "kit-council", "local");
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public RunSummary state() {
    RunStatus s = status;
    return new RunSummary(runId, councilId, s, null, 0, STARTED, s.isFinal() ? STARTED : null, owner);
  }

  /** Moves the run to a final status and completes {@link #completion()}; no-op once final. */
  public synchronized void finish(RunStatus finalStatus) {
    if (!finalStatus.isFinal()) {
      throw new IllegalArgumentException("finish needs a final status, not " + finalStatus);
    }
    if (status.isFinal()) {
      return;
    }
    status = finalStatus;
    completion.complete(new Result(runId, councilId, finalStatus, null, List.of(), List.of(), Usage.ZERO,
        STARTED, STARTED, Map.of()));
  }

  @Override
  public synchronized boolean cancel() {
    if (status.isFinal()) {
      return false;
    }
    finish(RunStatus.CANCELLED);
    return true;
  }

  @Override
  public synchronized void terminate() {
    if (!status.isFinal()) {
      status = RunStatus.CANCELLED;
    }
    completion.completeExceptionally(new UnknownRunException(runId));
  }

  @Override
  public CompletableFuture<Result> completion() {
    return completion;
  }

  @Override
  public String toString() {
    return "FakeRun[" + runId + ", " + status + "]";
  }
}
