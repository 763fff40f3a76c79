package dev.council.pubsub.hazelcast;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which runs this node may still write for: the node-local half of fencing, shared by the run registry,
 * the pubsub and the recorder of one Hazelcast instance. A run is <em>lost</em> once this node learns
 * that another node took it over (its registry entry names another owner or a higher epoch, or its
 * recorder claim is another's); from then on its events are not published, its journal entries and
 * outcome not recorded, and the registry stops the local copy ({@link #onLost}).
 *
 * <p>The authoritative checks (epoch of the registry entry, recorder claim) read the cluster, and a
 * node that was paused long enough to be declared dead may, right after it resumes, still read its own
 * stale copy of the data (once the others removed it, it forms a cluster of its own until Hazelcast
 * merges it back). So this class also watches for pauses: a watchdog thread that notices it did not run
 * for longer than {@code max-no-heartbeat - 2 * heartbeat-interval} <em>suspects</em> the runs this node
 * owned, and every write for them waits for a verdict. If this node's view of the cluster loses the
 * majority of the members it had before the pause (or Hazelcast starts merging this node back) before
 * {@code max-no-heartbeat + 2 * heartbeat-interval} passed, this node was the one declared dead: every
 * suspected run is lost. Else the pause went unnoticed by the cluster (or another member died meanwhile)
 * and writes go on.
 *
 * <p>Thread-safe. {@link #allowed} may block for up to the verdict wait while a pause is being judged.
 * Closed with the instance's last lease.
 */
final class Fencing implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fencing.class);
  private static final long TICK_MILLIS = 100;

  private final HazelcastInstance hz;
  private final long pauseThresholdNanos;
  private final Duration verdictWait;
  private final Set<String> owned = ConcurrentHashMap.newKeySet();
  private final Set<String> lost = ConcurrentHashMap.newKeySet();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong pauses = new AtomicLong();
  private final @Nullable UUID membershipId;
  private final @Nullable UUID lifecycleId;
  private final Thread watchdog;
  private volatile @Nullable Suspicion suspicion;
  /** How many members this node saw in the cluster when it last ran normally (before a pause). */
  private volatile int membersBefore;
  private volatile boolean closed;

  Fencing(HazelcastInstance hz, HazelcastSettings settings) {
    this.hz = hz;
    Duration threshold = settings.maxNoHeartbeat().minus(settings.heartbeatInterval().multipliedBy(2));
    this.pauseThresholdNanos = Math.max(Duration.ofSeconds(1).toNanos(), threshold.toNanos());
    this.verdictWait = settings.maxNoHeartbeat().plus(settings.heartbeatInterval().multipliedBy(2));
    UUID m = null;
    UUID l = null;
    try {
      m = hz.getCluster().addMembershipListener(new Departures());
      l = hz.getLifecycleService().addLifecycleListener(this::lifecycle);
    } catch (UnsupportedOperationException e) {
      log.debug("no membership events on this instance: {}", e.toString());
    }
    this.membershipId = m;
    this.lifecycleId = l;
    this.membersBefore = members();
    this.watchdog = Thread.ofPlatform().daemon().name("council-pause-watchdog").start(this::watch);
  }

  /** This node runs {@code runId} (registered it or adopted it): it may write for it until it is lost. */
  void own(String runId) {
    owned.add(runId);
    lost.remove(runId);
  }

  /** This node no longer runs {@code runId} (unregistered); a lost run stays lost. */
  void disown(String runId) {
    owned.remove(runId);
  }

  /** Calls {@code listener} with the id of each run this node loses, on the thread that found out. */
  void onLost(Consumer<String> listener) {
    listeners.add(listener);
  }

  /** Whether this node learned that it lost {@code runId}. Never blocks. */
  boolean isLost(String runId) {
    return lost.contains(runId);
  }

  /**
   * Whether this node may write for {@code runId} (publish its events, record them, journal its calls):
   * false once it is lost. While a pause of this node is being judged and the run was owned before it,
   * waits for the verdict.
   */
  boolean allowed(String runId) {
    if (lost.contains(runId)) {
      return false;
    }
    Suspicion s = suspicion;
    if (s != null && s.runs.contains(runId)) {
      s.await();
    }
    return !lost.contains(runId);
  }

  /** Marks {@code runId} lost (another node owns it now) and tells the listeners; once per run. */
  void lose(String runId, String why) {
    if (!lost.add(runId)) {
      return;
    }
    log.warn("run {} is no longer this node's ({}); it stops here and nothing more of it is written from here",
        runId, why);
    for (Consumer<String> l : listeners) {
      try {
        l.accept(runId);
      } catch (RuntimeException e) {
        log.warn("stopping the local copy of lost run {} failed: {}", runId, e.toString());
      }
    }
  }

  /** How many pauses long enough to be declared dead this node noticed. */
  long pauses() {
    return pauses.get();
  }

  private void watch() {
    long last = System.nanoTime();
    while (!closed) {
      try {
        Thread.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      long gap = now - last;
      last = now;
      if (gap > pauseThresholdNanos) {
        paused(Duration.ofNanos(gap));
      } else if (suspicion == null) {
        membersBefore = members();
      }
    }
  }

  private void paused(Duration gap) {
    pauses.incrementAndGet();
    Set<String> runs = Set.copyOf(owned);
    if (runs.isEmpty() || suspicion != null) {
      log.info("this node did not run for {} ms", gap.toMillis());
      return;
    }
    Suspicion s = new Suspicion(runs, membersBefore);
    suspicion = s;
    log.warn("this node did not run for {} ms, long enough for the cluster to declare it dead: holding the"
        + " writes of its {} run(s) until it knows whether they were adopted (at most {} ms)", gap.toMillis(),
        runs.size(), verdictWait.toMillis());
    Thread.ofVirtual().name("council-pause-verdict").start(() -> {
      try {
        if (!s.removal.await(verdictWait.toMillis(), TimeUnit.MILLISECONDS)) {
          log.info("no member left the cluster after the pause: this node keeps its runs");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        settle(s);
      }
    });
  }

  /** A member left this node's view while a pause is judged: this node was cut off; its runs are lost. */
  private void cutOff(String why) {
    Suspicion s = suspicion;
    if (s == null) {
      return;
    }
    for (String runId : s.runs) {
      lose(runId, why);
    }
    s.removal.countDown();
    settle(s);
  }

  private void settle(Suspicion s) {
    s.verdict.countDown();
    if (suspicion == s) {
      suspicion = null;
    }
  }

  private int members() {
    try {
      return hz.getCluster().getMembers().size();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private void lifecycle(LifecycleEvent event) {
    if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
      // this node was split off and is rejoining the larger cluster, whose data replaces its own
      for (String runId : Set.copyOf(owned)) {
        lose(runId, "this node was split from the cluster and is merging back into it");
      }
    }
  }

  private final class Departures implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {}

    @Override
    public void memberRemoved(MembershipEvent event) {
      Suspicion s = suspicion;
      // cut off: this node no longer sees a majority of the members it saw before the pause (another
      // member merely dying leaves it with the majority)
      if (s != null && event.getMembers().size() * 2 <= s.membersBefore) {
        Thread.ofVirtual().name("council-pause-verdict").start(() -> cutOff("this node was paused and member "
            + event.getMember().getUuid() + " left its view of the cluster, which lost the majority of the "
            + s.membersBefore + " members it had: the cluster declared this node dead and another node adopted"
            + " its runs"));
      }
    }
  }

  /** The runs owned when a pause was noticed, and the verdict on them. */
  private final class Suspicion {
    final Set<String> runs;
    final int membersBefore;
    final CountDownLatch removal = new CountDownLatch(1);
    final CountDownLatch verdict = new CountDownLatch(1);

    Suspicion(Set<String> runs, int membersBefore) {
      this.runs = runs;
      this.membersBefore = membersBefore;
    }

    void await() {
      try {
        verdict.await(verdictWait.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    watchdog.interrupt();
    Suspicion s = suspicion;
    if (s != null) {
      settle(s);
    }
    try {
      if (membershipId != null) {
        hz.getCluster().removeMembershipListener(membershipId);
      }
      if (lifecycleId != null) {
        hz.getLifecycleService().removeLifecycleListener(lifecycleId);
      }
    } catch (RuntimeException e) {
      log.debug("removing the fencing listeners: {}", e.toString());
    }
  }
}
