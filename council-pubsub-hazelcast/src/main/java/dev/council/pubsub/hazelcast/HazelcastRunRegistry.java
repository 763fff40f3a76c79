package dev.council.pubsub.hazelcast;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.topic.ITopic;
import dev.council.api.CouncilException;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import java.time.Duration;
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
import java.util.function.Consumer;
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
 * <p>Failover ({@link #onOrphanedRuns}): when a member leaves the cluster, every node that asked for
 * orphans tries to take each unfinished run the member owned with a compare-and-set of its entry (owner
 * this node, epoch + 1); the one node that wins resumes the run. Without it, a dead owner's entries stay
 * and control calls to them time out. Runs owned by a Hazelcast client are not adopted (clients leaving
 * are not membership events).
 *
 * <p>Graceful leave ({@link #handOver}): runs the engine stops because it is closing keep their entries,
 * and {@link #close()} offers them on the topic {@code council.handover.<name>} to the nodes that adopt,
 * which take them the same way.
 *
 * <p>Fencing: the owner writes and removes only its own entry (same owner and epoch), and a run whose
 * entry names another owner or epoch is lost here ({@link Fencing}): its local copy is terminated and
 * nothing more of it is written from this node.
 *
 * <p>Thread-safe. {@link #close()} hands this node's stopped runs over, removes its finished ones from the
 * cluster and releases the Hazelcast instance.
 */
public final class HazelcastRunRegistry implements RunRegistry {
  private static final Logger log = LoggerFactory.getLogger(HazelcastRunRegistry.class);
  /** Topics on which a closing node offers its runs: {@code council.handover.<registry>}. */
  static final String HANDOVER_PREFIX = "council.handover.";
  /** How long a closing node waits for other nodes to take the runs it hands over. */
  static final Duration HANDOVER_WAIT = Duration.ofSeconds(5);

  /** Runs a node offers to the others, with the entries they are taken from (compare-and-set). */
  record Handover(String from, List<RunEntry> runs) implements java.io.Serializable {
    Handover {
      runs = List.copyOf(runs);
    }
  }

  private final String name;
  private final HazelcastInstances.Lease lease;
  private final ControlChannel control;
  private final IMap<String, RunEntry> entries;
  private final ConcurrentMap<String, RunControl> local = new ConcurrentHashMap<>();
  /** The entry this node wrote for each of its local runs: what its writes are fenced by. */
  private final ConcurrentMap<String, RunEntry> mine = new ConcurrentHashMap<>();
  private final Fencing fencing;
  private final Duration adoptRetry;
  private final @Nullable OpenTelemetry openTelemetry;
  private volatile @Nullable Tracer tracer;
  private final Thread ownershipCheck;
  private final ConcurrentMap<String, CompletableFuture<Result>> waiting = new ConcurrentHashMap<>();
  /** Runs this node won from a departed owner, until the engine registers them again (or fails to). */
  private final ConcurrentMap<String, RunEntry> adopting = new ConcurrentHashMap<>();
  /** Runs stopped here by the engine's close, whose entries stay for another node to adopt. */
  private final ConcurrentMap<String, RunEntry> handingOver = new ConcurrentHashMap<>();
  private final ITopic<Handover> handovers;
  private @Nullable UUID handoverId;
  private volatile @Nullable Consumer<String> adopter;
  private @Nullable UUID listenerId;
  private @Nullable UUID membershipId;
  private volatile boolean closed;

  HazelcastRunRegistry(String name, HazelcastInstances.Lease lease, Duration adoptRetry) {
    this(name, lease, adoptRetry, null);
  }

  /**
   * @param openTelemetry what the control calls this node serves are traced with; null for {@code
   *     GlobalOpenTelemetry}, once (and if ever) the application sets it
   */
  HazelcastRunRegistry(String name, HazelcastInstances.Lease lease, Duration adoptRetry,
      @Nullable OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.name = Objects.requireNonNull(name, "name");
    this.adoptRetry = adoptRetry;
    this.lease = lease;
    this.control = lease.control();
    this.entries = lease.hz().getMap(HazelcastInstances.RUNS_PREFIX + name);
    this.fencing = lease.fencing();
    this.handovers = lease.hz().getTopic(HANDOVER_PREFIX + name);
    fencing.onLost(this::lost);
    control.attach(this);
    Duration every = lease.settings().heartbeatInterval();
    this.ownershipCheck = Thread.ofVirtual().name("council-ownership-" + name).start(() -> checkOwnership(every));
  }

  /**
   * Compares, every {@code every}, the entry of each local run with the cluster's: a run whose entry names
   * another owner or a higher epoch (it was adopted while this node was cut off or paused) is lost here.
   */
  private void checkOwnership(Duration every) {
    while (!closed) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      if (mine.isEmpty() || closed) {
        continue;
      }
      Map<String, RunEntry> running = new LinkedHashMap<>();
      mine.forEach((runId, entry) -> {
        if (!entry.finished()) {
          running.put(runId, entry); // a finished run writes nothing more
        }
      });
      if (running.isEmpty()) {
        continue;
      }
      try {
        Map<String, RunEntry> now = entries.getAll(running.keySet());
        running.forEach((runId, entry) -> {
          RunEntry current = now.get(runId);
          if (current != null && (!current.owner().equals(entry.owner()) || current.epoch() != entry.epoch())) {
            fencing.lose(runId, "the cluster's registry names node " + current.owner() + " at epoch "
                + current.epoch() + " as its owner, this node held epoch " + entry.epoch());
          }
        });
      } catch (RuntimeException e) {
        if (!closed) {
          log.debug("checking the ownership of {} local run(s) failed: {}", mine.size(), e.toString());
        }
      }
    }
  }

  /** Stops the local copy of a run another node took over; nothing of it is written to the cluster any more. */
  private void lost(String runId) {
    RunControl run = local.remove(runId);
    mine.remove(runId);
    fencing.disown(runId);
    if (run != null) {
      // before the writes held for the verdict go on: the run must not take another step here
      run.terminate();
    }
  }

  /** The registry name; registries with the same name on different nodes share their runs. */
  public String name() {
    return name;
  }

  /** This node's id, recorded as the owner of the runs it registers. */
  public String nodeId() {
    return control.nodeId();
  }

  /** The tracer of the control calls served here: the given instance's, else the global one once set. */
  Tracer tracer() {
    Tracer t = tracer;
    if (t == null) {
      OpenTelemetry otel = openTelemetry;
      if (otel == null) {
        if (!globalIsSet()) {
          return TracerProvider.noop().get(TRACER_SCOPE);
        }
        otel = GlobalOpenTelemetry.get();
      }
      t = otel.getTracer(TRACER_SCOPE);
      tracer = t;
    }
    return t;
  }

  /**
   * {@code GlobalOpenTelemetry.isSet()} (opentelemetry-api 1.57 and later); false with an older API, whose
   * only other probe, {@code get()}, would set the global to a no-op for good. The same rule as the engine's
   * (this module does not depend on the engine): the method is looked up once, not on every control call.
   */
  private static boolean globalIsSet() {
    java.lang.invoke.MethodHandle isSet = GLOBAL_IS_SET;
    if (isSet == null) {
      return false;
    }
    try {
      return (boolean) isSet.invokeExact();
    } catch (Throwable e) {
      return false;
    }
  }

  private static final java.lang.invoke.@Nullable MethodHandle GLOBAL_IS_SET = globalIsSetHandle();

  private static java.lang.invoke.@Nullable MethodHandle globalIsSetHandle() {
    try {
      return java.lang.invoke.MethodHandles.publicLookup().findStatic(GlobalOpenTelemetry.class, "isSet",
          java.lang.invoke.MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  /** The instrumentation scope of the control spans. */
  static final String TRACER_SCOPE = "dev.council.pubsub.hazelcast";

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
    RunEntry adopted = adopting.remove(runId);
    RunEntry entry = new RunEntry(run.state(), nodeId(), adopted != null ? adopted.epoch() : RunEntry.FIRST_EPOCH,
        null);
    RunEntry existing;
    try {
      if (adopted != null) {
        if (entries.replace(runId, adopted, entry)) {
          existing = null;
        } else {
          RunEntry now = entries.get(runId);
          existing = now != null ? now : adopted; // removed meanwhile (terminated): the adoption is void
        }
      } else {
        existing = entries.putIfAbsent(runId, entry);
      }
    } catch (RuntimeException e) {
      local.remove(runId, run);
      throw e;
    }
    if (existing != null) {
      local.remove(runId, run);
      throw duplicate(runId, existing.owner());
    }
    mine.put(runId, entry);
    fencing.own(runId);
    run.completion().whenComplete((result, failure) -> {
      if (result != null) {
        finished(runId, entry, result);
      }
    });
  }

  private void finished(String runId, RunEntry entry, Result result) {
    if (!fencing.allowed(runId)) {
      return;
    }
    try {
      // only over this node's own entry: a run reaped meanwhile must not come back, and one adopted by
      // another node (a higher epoch) is that node's to finish
      RunEntry done = entry.finishedWith(result);
      if (entries.replace(runId, entry, done)) {
        mine.replace(runId, entry, done);
      } else {
        RunEntry now = entries.get(runId);
        if (now != null && (!now.owner().equals(entry.owner()) || now.epoch() != entry.epoch())) {
          fencing.lose(runId, "it finished here, but node " + now.owner() + " owns it at epoch " + now.epoch()
              + ": this node's result is discarded");
        }
      }
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
    RunControl here = local.get(runId);
    if (here != null) {
      return Optional.of(here);
    }
    if (adopting.containsKey(runId)) {
      return Optional.empty(); // won from a departed owner, not running here yet
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
    RunControl run = local.remove(runId);
    RunEntry entry = mine.remove(runId);
    fencing.disown(runId);
    if (run != null && entry != null) {
      try {
        entries.remove(runId, entry); // only this node's own entry: not one of an adopter
      } catch (RuntimeException e) {
        log.warn("could not remove run {} from the cluster registry '{}': {}", runId, name, e.toString());
      }
    }
  }

  /**
   * The engine stopped this run as resumable because it is closing: the run leaves this node, but its
   * entry stays, and {@link #close()} offers it to the nodes that adopt runs.
   */
  @Override
  public void handOver(String runId) {
    RunControl run = local.remove(runId);
    RunEntry entry = mine.remove(runId);
    fencing.disown(runId);
    if (run != null && entry != null) {
      handingOver.put(runId, entry);
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
      RunControl here = local.get(entry.runId());
      if (here != null) {
        RunSummary s = here.state();
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
    RunControl here = local.get(runId);
    if (here != null) {
      return here.completion();
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

  /**
   * Adopts, from now on, unfinished runs of members that leave the cluster: of all nodes that asked,
   * exactly one wins each run, by replacing its entry with one owned by this node at the next epoch, and calls {@code adopt} with the run id on a new virtual thread.
   * When {@code adopt} throws, the run cannot be carried on: its entry is removed, so waiters on every
   * node fail with {@link UnknownRunException} instead of waiting forever.
   */
  @Override
  public void onOrphanedRuns(Consumer<String> adopt) {
    ensureOpen();
    synchronized (this) {
      adopter = Objects.requireNonNull(adopt, "adopt");
      if (membershipId != null) {
        return;
      }
      membershipId = lease.hz().getCluster().addMembershipListener(new Departures());
      handoverId = handovers.addMessageListener(message -> {
        Handover offer = message.getMessageObject();
        if (!offer.from().equals(nodeId())) {
          Thread.ofVirtual().name("council-adopt-" + name).start(() -> offer.runs().forEach(e -> {
            try {
              adopt(e, "node " + offer.from() + " that handed it over");
            } catch (RuntimeException ex) {
              if (!closed) {
                log.warn("could not take run {} handed over by node {}: {}", e.runId(), offer.from(), ex.toString());
              }
            }
          }));
        }
      });
    }
  }

  private void adoptFrom(String departed) {
    List<RunEntry> orphans;
    try {
      orphans = entries.values().stream().filter(e -> !e.finished() && e.owner().equals(departed)).toList();
    } catch (RuntimeException e) {
      if (!closed) {
        log.warn("could not list the runs of departed node {} in registry '{}': {}", departed, name, e.toString());
      }
      return;
    }
    for (RunEntry orphan : orphans) {
      try {
        adopt(orphan, "departed node " + departed);
      } catch (RuntimeException e) {
        if (!closed) {
          log.warn("could not adopt run {} of departed node {}: {}", orphan.runId(), departed, e.toString());
        }
      }
    }
  }

  private void adopt(RunEntry orphan, String from) {
    Consumer<String> adopt = adopter;
    String runId = orphan.runId();
    if (adopt == null || closed) {
      return;
    }
    RunEntry won = new RunEntry(orphan.summary(), nodeId(), orphan.epoch() + 1, null);
    if (!entries.replace(runId, orphan, won)) {
      log.debug("run {} was adopted by another node", runId);
      return;
    }
    adopting.put(runId, won);
    log.info("adopted run {} (epoch {}) from {}", runId, won.epoch(), from);
    try {
      adopt.accept(runId);
    } catch (IllegalStateException e) {
      giveBack(runId, won, orphan, e);
    } catch (RuntimeException e) {
      if (e instanceof CouncilException && retryAdoption(runId, won, orphan, adopt)) {
        return;
      }
      log.warn("adopted run {} could not be resumed on this node, removing it from the cluster: {}", runId,
          e.getMessage());
      if (adopting.remove(runId, won)) {
        entries.remove(runId, won);
      }
    }
  }

  /**
   * Retries resuming a won run for up to {@code adoptRetry}, every half second: the recorder may refuse it
   * for a while (the jdbi recorder while the departed engine's lease lasts). True once it resumed.
   */
  private boolean retryAdoption(String runId, RunEntry won, RunEntry orphan, Consumer<String> adopt) {
    long deadline = System.nanoTime() + adoptRetry.toNanos();
    while (System.nanoTime() < deadline) {
      if (closed || adopting.get(runId) != won) {
        return true; // closing, or the adoption was voided meanwhile: nothing to clean up here
      }
      try {
        Thread.sleep(500);
        adopt.accept(runId);
        log.info("resumed adopted run {} once its recorder let it go", runId);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (IllegalStateException e) {
        giveBack(runId, won, orphan, e);
        return true;
      } catch (RuntimeException e) {
        log.debug("adopted run {} not resumable yet: {}", runId, e.getMessage());
      }
    }
    return false;
  }

  /** This node takes no runs now (its engine is closing): gives a won run back and offers it to the others. */
  private void giveBack(String runId, RunEntry won, RunEntry orphan, IllegalStateException why) {
    log.info("run {} is left to another node: {}", runId, why.getMessage());
    if (adopting.remove(runId, won) && entries.replace(runId, won, orphan)) {
      handovers.publish(new Handover(nodeId(), List.of(orphan)));
    }
  }

  /** Membership events of the cluster: a member that left may have owned runs. */
  private final class Departures implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {}

    @Override
    public void memberRemoved(MembershipEvent event) {
      String departed = event.getMember().getUuid().toString();
      Thread.ofVirtual().name("council-adopt-" + name).start(() -> adoptFrom(departed));
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

  /**
   * Offers the runs the engine stopped on close to the nodes that adopt runs, waits up to {@link
   * #HANDOVER_WAIT} until each is taken, and removes the entries of those nobody took (no node adopts), so
   * that their waiters fail with {@link UnknownRunException} rather than wait for a node that left.
   */
  private void handOverAll() {
    if (handingOver.isEmpty()) {
      return;
    }
    Map<String, RunEntry> offered = new LinkedHashMap<>(handingOver);
    handingOver.clear();
    log.info("handing {} run(s) over to the other nodes of the cluster", offered.size());
    handovers.publish(new Handover(nodeId(), List.copyOf(offered.values())));
    long deadline = System.nanoTime() + HANDOVER_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, RunEntry> now = entries.getAll(offered.keySet());
      offered.keySet().removeIf(id -> {
        RunEntry e = now.get(id);
        return e == null || !e.equals(offered.get(id));
      });
      if (offered.isEmpty()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    offered.forEach((id, e) -> {
      log.warn("no node took run {} (no other node with council.failover=adopt): removing it from the cluster;"
          + " it stays resumable with resume(\"{}\")", id, id);
      entries.remove(id, e);
    });
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
    ownershipCheck.interrupt();
    control.detach(this);
    try {
      for (String runId : List.copyOf(local.keySet())) {
        unregister(runId);
      }
      handOverAll();
      UUID id;
      UUID membership;
      synchronized (this) {
        id = listenerId;
        listenerId = null;
        membership = membershipId;
        membershipId = null;
        adopter = null;
      }
      if (id != null) {
        entries.removeEntryListener(id);
      }
      if (membership != null) {
        lease.hz().getCluster().removeMembershipListener(membership);
      }
      UUID handover;
      synchronized (this) {
        handover = handoverId;
        handoverId = null;
      }
      if (handover != null) {
        handovers.removeMessageListener(handover);
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
