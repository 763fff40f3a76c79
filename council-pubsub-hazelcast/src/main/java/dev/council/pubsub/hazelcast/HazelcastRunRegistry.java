package dev.council.pubsub.hazelcast;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.council.api.CouncilException;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hazelcast} run registry: runs registered on any node are visible on every node. Each
 * registry name has a Hazelcast map {@code council.runs.<name>} of run id to {@link RunEntry} (summary,
 * owner node, ownership epoch, and the result once finished); the runs themselves stay on the node that
 * registered them (the owner).
 *
 * <ul>
 *   <li>{@link #register} claims the id cluster-wide ({@code putIfAbsent}: exactly one node wins) and
 *       writes the result to the entry when the run finishes.
 *   <li>{@link #find} returns the run itself on its owner, and elsewhere a {@link RunControl} that routes
 *       state, cancel and terminate to the owner and completes with the result the owner wrote.
 *   <li>{@link #unregister} on the owner removes the entry (terminate, or reaping after {@code
 *       council.reap-after}): the run is then unknown on every node. On any other node it only forgets
 *       what this node holds, which is nothing.
 *   <li>{@link #active()} lists running runs of every node, with fresh states asked from their owners.
 * </ul>
 *
 * <p>Not yet: when an owner dies its entries stay and control calls to them time out; adopting them is
 * future work that will raise the entry's epoch.
 *
 * <p>Thread-safe. {@link #close()} removes this node's runs from the cluster and releases the Hazelcast
 * instance.
 */
public final class HazelcastRunRegistry implements RunRegistry {
  private static final Logger log = LoggerFactory.getLogger(HazelcastRunRegistry.class);

  private final String name;
  private final HazelcastInstances.Lease lease;
  private final ControlChannel control;
  private final IMap<String, RunEntry> entries;
  private final ConcurrentMap<String, RunControl> local = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, CompletableFuture<Result>> waiting = new ConcurrentHashMap<>();
  private @Nullable UUID listenerId;
  private volatile boolean closed;

  HazelcastRunRegistry(String name, HazelcastInstances.Lease lease) {
    this.name = Objects.requireNonNull(name, "name");
    this.lease = lease;
    this.control = lease.control();
    this.entries = lease.hz().getMap(HazelcastInstances.RUNS_PREFIX + name);
    control.attach(this);
  }

  /** The registry name; registries with the same name on different nodes share their runs. */
  public String name() {
    return name;
  }

  /** This node's id, recorded as the owner of the runs it registers. */
  public String nodeId() {
    return control.nodeId();
  }

  ControlChannel control() {
    return control;
  }

  /**
   * Registers a run owned by this node, cluster-wide.
   *
   * @throws IllegalStateException if a run with the same id is registered on any node
   */
  @Override
  public void register(RunControl run) {
    ensureOpen();
    String runId = run.runId();
    if (local.putIfAbsent(runId, run) != null) {
      throw duplicate(runId, nodeId());
    }
    RunEntry entry = new RunEntry(run.state(), nodeId(), RunEntry.FIRST_EPOCH, null);
    RunEntry existing;
    try {
      existing = entries.putIfAbsent(runId, entry);
    } catch (RuntimeException e) {
      local.remove(runId, run);
      throw e;
    }
    if (existing != null) {
      local.remove(runId, run);
      throw duplicate(runId, existing.owner());
    }
    run.completion().whenComplete((result, failure) -> {
      if (result != null) {
        finished(runId, entry, result);
      }
    });
  }

  private void finished(String runId, RunEntry entry, Result result) {
    try {
      // replace only while registered: a run unregistered meanwhile (reaped) must not come back
      entries.replace(runId, entry.finishedWith(result));
    } catch (RuntimeException e) {
      log.warn("could not publish the result of run {} to the cluster; waiters on other nodes will not see it: {}",
          runId, e.toString());
    }
  }

  private IllegalStateException duplicate(String runId, String owner) {
    return new IllegalStateException("run '" + runId + "' is already registered in registry '" + name
        + "' (owned by node " + owner + "); run ids must be unique across the cluster (leave the runId option"
        + " unset to get a generated one)");
  }

  @Override
  public Optional<RunControl> find(String runId) {
    RunControl mine = local.get(runId);
    if (mine != null) {
      return Optional.of(mine);
    }
    RunEntry entry = entries.get(runId);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.owner().equals(nodeId())) {
      // registered by another registry of this node (an engine sharing the instance), or just unregistered here
      return control.localRun(name, runId).or(() -> Optional.of(new RemoteRun(this, entry)));
    }
    return Optional.of(new RemoteRun(this, entry));
  }

  /** The run this registry holds because this node owns it, if any. */
  Optional<RunControl> local(String runId) {
    return Optional.ofNullable(local.get(runId));
  }

  /** Removes a run this node owns from the cluster; a no-op for others' runs and unknown ids. */
  @Override
  public void unregister(String runId) {
    RunControl mine = local.remove(runId);
    if (mine != null) {
      try {
        entries.remove(runId);
      } catch (RuntimeException e) {
        log.warn("could not remove run {} from the cluster registry '{}': {}", runId, name, e.toString());
      }
    }
  }

  @Override
  public List<RunSummary> active() {
    Map<String, List<RunEntry>> byOwner = new LinkedHashMap<>();
    List<RunSummary> active = new ArrayList<>();
    for (RunEntry entry : entries.values()) {
      if (entry.finished()) {
        continue;
      }
      RunControl mine = local.get(entry.runId());
      if (mine != null) {
        RunSummary s = mine.state();
        if (s.status() == RunStatus.RUNNING) {
          active.add(s);
        }
      } else {
        byOwner.computeIfAbsent(entry.owner(), o -> new ArrayList<>()).add(entry);
      }
    }
    byOwner.forEach((owner, runs) -> {
      try {
        active.addAll(control.states(owner, name, runs.stream().map(RunEntry::runId).toList()));
      } catch (CouncilException e) {
        log.warn("node {} did not report the state of its {} runs; listing what the cluster map holds: {}", owner,
            runs.size(), e.getMessage());
        runs.forEach(r -> active.add(r.summary()));
      }
    });
    return List.copyOf(active);
  }

  /**
   * The completion of a run owned by another node: completes with the result its owner writes, or with
   * {@link UnknownRunException} when the run is removed unfinished (terminated) or is not registered.
   */
  CompletableFuture<Result> remoteCompletion(String runId) {
    RunControl mine = local.get(runId);
    if (mine != null) {
      return mine.completion();
    }
    listenToEntries();
    CompletableFuture<Result> future = waiting.computeIfAbsent(runId, id -> new CompletableFuture<>());
    RunEntry entry = entries.get(runId);
    if (entry == null) {
      settle(runId, null);
    } else if (entry.finished()) {
      settle(runId, entry);
    }
    return future.copy();
  }

  private synchronized void listenToEntries() {
    if (listenerId == null) {
      listenerId = entries.addEntryListener(new EntryChanges(), true);
    }
  }

  /** Completes waiters of {@code runId}: with the result of a finished entry, or unknown when it is gone. */
  private void settle(String runId, @Nullable RunEntry entry) {
    if (entry != null && !entry.finished()) {
      return;
    }
    CompletableFuture<Result> future = waiting.remove(runId);
    if (future == null) {
      return;
    }
    if (entry == null) {
      future.completeExceptionally(new UnknownRunException(runId));
    } else {
      future.complete(Objects.requireNonNull(entry.result()));
    }
  }

  /** Entry events of this registry's map, delivered by Hazelcast in order per run id. */
  private final class EntryChanges
      implements EntryUpdatedListener<String, RunEntry>, EntryRemovedListener<String, RunEntry> {
    @Override
    public void entryUpdated(EntryEvent<String, RunEntry> event) {
      settle(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, RunEntry> event) {
      RunEntry old = event.getOldValue();
      // a finished run's waiters were settled by the update that finished it; anything else was terminated
      settle(event.getKey(), null);
      if (old != null && old.finished()) {
        log.trace("run {} reaped", event.getKey());
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("run registry '" + name + "' is closed: the engine was closed");
    }
  }

  /**
   * Removes this node's runs from the cluster, stops listening and releases the Hazelcast instance.
   * Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    control.detach(this);
    try {
      for (String runId : List.copyOf(local.keySet())) {
        unregister(runId);
      }
      UUID id;
      synchronized (this) {
        id = listenerId;
        listenerId = null;
      }
      if (id != null) {
        entries.removeEntryListener(id);
      }
    } catch (RuntimeException e) {
      log.warn("closing run registry '{}' did not finish cleanly: {}", name, e.toString());
    } finally {
      waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException(
          "run registry '" + name + "' was closed while waiting for a run of another node")));
      waiting.clear();
      lease.close();
    }
  }

  @Override
  public String toString() {
    return "HazelcastRunRegistry[" + name + " on node " + nodeId() + ", " + local.size() + " local runs]";
  }
}
