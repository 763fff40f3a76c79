package dev.council.pubsub.hazelcast;

import dev.council.api.Result;
import dev.council.api.RunSummary;
import dev.council.api.spi.RunControl;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A run owned by another node, as {@link HazelcastRunRegistry#find} returns it: control calls go to the
 * owner through the {@link ControlChannel}; {@link #completion()} completes when the owner writes the
 * result to the cluster (or fails with {@link dev.council.api.UnknownRunException} when it removes the run
 * unfinished: terminated). A finished run answers {@link #state()} and {@link #cancel()} from the
 * registered entry without asking the owner.
 *
 * <p>Thread-safe and cheap; a snapshot of the entry taken by {@code find}.
 */
final class RemoteRun implements RunControl {
  private final HazelcastRunRegistry registry;
  private final RunEntry entry;

  RemoteRun(HazelcastRunRegistry registry, RunEntry entry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.entry = Objects.requireNonNull(entry, "entry");
  }

  @Override
  public String runId() {
    return entry.runId();
  }

  /** The id of the node that owns the run. */
  String owner() {
    return entry.owner();
  }

  @Override
  public RunSummary state() {
    if (entry.finished()) {
      return entry.summary();
    }
    return registry.control().state(entry.owner(), registry.name(), runId());
  }

  @Override
  public boolean cancel() {
    if (entry.finished()) {
      return false;
    }
    return registry.control().cancel(entry.owner(), registry.name(), runId());
  }

  @Override
  public void terminate() {
    registry.control().terminate(entry.owner(), registry.name(), runId());
  }

  @Override
  public CompletableFuture<Result> completion() {
    return registry.remoteCompletion(runId());
  }

  @Override
  public String toString() {
    return "RemoteRun[" + runId() + " on " + entry.owner() + ", epoch " + entry.epoch() + "]";
  }
}
