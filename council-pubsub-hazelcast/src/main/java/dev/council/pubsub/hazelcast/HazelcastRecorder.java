package dev.council.pubsub.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.multimap.MultiMap;
import dev.council.api.MemberResult;
import dev.council.api.ResumeRefusedException;
import dev.council.api.ResumeRefusedException.Reason;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberToken;
import dev.council.api.json.JsonMapping;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hazelcast} recorder: run history and the member-call journal in Hazelcast maps with at least
 * one synchronous backup ({@code council.recorder.*}, backup count {@code max(1,
 * council.hazelcast.backup-count)}), so that losing one member loses nothing recorded. For clusters
 * without PostgreSQL; it keeps:
 *
 * <ul>
 *   <li>{@code council.recorder.runs}: run id to {@link StoredRun} (what the run was opened with, its
 *       status and result), enough for {@link #resumable}, {@link #unfinishedRuns} and {@link #markStuck};
 *   <li>{@code council.recorder.seqs}: run id to the sequence number its next event gets;
 *   <li>{@code council.recorder.events}: each event except {@code member_token} as a {@link JsonMapping}
 *       tree, under run id and seq;
 *   <li>{@code council.recorder.journal}: each finished member call (its {@link JsonMapping} tree and
 *       request hash) under its {@link CallKey};
 *   <li>{@code council.recorder.calls} (a multi-map): run id to the journal keys of its calls, so that a
 *       finished run's journal entries can be found without scanning the journal;
 *   <li>{@code council.recorder.owners}: which engine holds each unfinished run, for {@link #claim}.
 * </ul>
 *
 * <p>With a retention ({@code council.recorder.hazelcast.retention}), finishing a run (completed, failed,
 * cancelled or terminated) gives its entries in every map above a Hazelcast time-to-live of the retention
 * (per entry, so it works on a cluster configured by the application too): the run info with the outcome
 * itself, then each stored event, each journal entry and the next seq, one map call each, on the thread
 * that finishes the recording; its {@code calls} entry is removed. Hazelcast then drops them about the
 * retention later, and the run reads as never recorded. Runs stopped with their engine, marked stuck or
 * still running get no time-to-live: they stay resumable until they finish.
 *
 * <p>Values are Java-serialized, like the module's other map values, and are made of JDK types and
 * council-api records only (events and member results as {@link JsonMapping} trees), so no class of
 * this module is needed to read them and members never deserialize them. Writes happen on the caller's
 * thread and return once the map operation (and its synchronous backup) completed: a loopback or LAN round
 * trip per event on the recording's thread (the engine's, not the run's), and per journal entry on the
 * member call's thread. A storage failure while recording is logged and counted ({@link #failedWrites()}),
 * never thrown; while writes keep failing (the cluster, or a client's connection to it, is gone), {@link
 * #problem()} says since when and how many were dropped, until a write succeeds again.
 *
 * <p>Thread-safe. {@link #close()} releases the runs this recorder still holds (so another engine may
 * claim them) and the shared Hazelcast instance; it is idempotent.
 */
public final class HazelcastRecorder implements Recorder {
  private static final Logger log = LoggerFactory.getLogger(HazelcastRecorder.class);
  /** How long a recording trusts its last read of the run's claim before writing events. */
  static final Duration CLAIM_RECHECK = Duration.ofMillis(250);

  static final String RUNS = HazelcastInstances.RECORDER_PREFIX + "runs";
  static final String SEQS = HazelcastInstances.RECORDER_PREFIX + "seqs";
  static final String EVENTS = HazelcastInstances.RECORDER_PREFIX + "events";
  static final String JOURNAL = HazelcastInstances.RECORDER_PREFIX + "journal";
  static final String OWNERS = HazelcastInstances.RECORDER_PREFIX + "owners";
  static final String CALLS = HazelcastInstances.RECORDER_PREFIX + "calls";
  /** Events looked up per batch when a finished run's stored events are given their time-to-live. */
  private static final int EXPIRY_BATCH = 1_000;

  /** Tokens of the recorders open in this JVM: a claim held by one of them is live. */
  private static final Set<String> OPEN = ConcurrentHashMap.newKeySet();

  private final HazelcastInstances.Lease lease;
  private final HazelcastInstance hz;
  private final IMap<String, StoredRun> runs;
  private final IMap<String, Long> seqs;
  private final IMap<String, Map<String, Object>> events;
  private final IMap<String, Map<String, Object>> journalMap;
  private final IMap<String, String> owners;
  private final MultiMap<String, String> calls;
  /** How long finished runs are kept, or null to keep them until the cluster stops. */
  private final @Nullable Duration retention;
  private final String token = UUID.randomUUID().toString();
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final AtomicLong failedWrites = new AtomicLong();
  /** The write failure in progress: set by a failed write, cleared by the next write that succeeds. */
  private volatile @Nullable Outage outage;
  private final AtomicLong fencedWrites = new AtomicLong();
  private final Fencing fencing;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Journal journal = new Journal();

  /**
   * @param retention how long finished runs are kept ({@code council.recorder.hazelcast.retention}), or
   *     null to keep them until the cluster stops
   */
  HazelcastRecorder(HazelcastInstances.Lease lease, @Nullable Duration retention) {
    this.lease = lease;
    this.hz = lease.hz();
    this.retention = retention;
    try {
      hz.getConfig().addMapConfig(HazelcastInstances.recorderMapConfig(lease.settings()));
      hz.getConfig().addMultiMapConfig(HazelcastInstances.recorderMultiMapConfig(lease.settings()));
    } catch (RuntimeException e) {
      log.info("kept the cluster's own configuration of {}*: {}", HazelcastInstances.RECORDER_PREFIX, e.toString());
    }
    this.runs = hz.getMap(RUNS);
    this.seqs = hz.getMap(SEQS);
    this.events = hz.getMap(EVENTS);
    this.journalMap = hz.getMap(JOURNAL);
    this.owners = hz.getMap(OWNERS);
    this.calls = hz.getMultiMap(CALLS);
    this.fencing = lease.fencing();
    OPEN.add(token);
  }

  @Override
  public RunRecording open(RunInfo run) {
    Objects.requireNonNull(run, "run");
    String runId = run.runId();
    StoredRun previous;
    long next;
    try {
      previous = runs.get(runId);
      runs.set(runId, new StoredRun(run, StoredRun.RUNNING, null, null));
      next = previous == null ? 0 : Optional.ofNullable(seqs.get(runId)).orElse(0L);
      if (previous == null) {
        seqs.set(runId, 0L);
      }
      owners.set(runId, Claim.held(hz, token, run.owner()).encode());
    } catch (RuntimeException e) {
      outage("the start of run " + runId, e); // the engine logs what open throws
      throw e;
    }
    wrote();
    held.add(runId);
    return new Recording(runId, next);
  }

  @Override
  public MemberCallJournal journal() {
    return journal;
  }

  /** A run this recorder (or another on the cluster) stored; {@code finished} once it reached a final status. */
  @Override
  public Optional<ResumableRun> resumable(String runId) {
    Objects.requireNonNull(runId, "runId");
    StoredRun run = runs.get(runId);
    if (run == null) {
      return Optional.empty();
    }
    long next = Optional.ofNullable(seqs.get(runId)).orElse(0L);
    return Optional.of(new ResumableRun(run.info(), next, run.finished()));
  }

  /**
   * Takes a stored, unfinished run for {@code ownerNode}, atomically: a compare-and-set on the run's entry
   * in {@code council.recorder.owners}, so of two engines claiming one run at once exactly one proceeds.
   * Refused while another engine holds the run and is live: an open recorder in this JVM, or one on a
   * Hazelcast member (or client) still in the cluster. A run released by its engine's close, marked stuck,
   * or held by an engine whose member left the cluster can be claimed.
   *
   * @throws ResumeRefusedException when the run is unknown, finished or held by a live engine
   */
  @Override
  public void claim(String runId, String ownerNode) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(ownerNode, "ownerNode");
    StoredRun run = runs.get(runId);
    if (run == null || run.finished()) {
      throw new ResumeRefusedException(runId, run == null ? Reason.NOT_RECORDED : Reason.ALREADY_FINISHED,
          "cannot claim run '" + runId + "': " + (run == null ? "map " + RUNS + " has no record of it (it was"
              + " never recorded on this cluster, or it finished longer ago than "
              + HazelcastRecorderFactory.RETENTION + ")" : "it already finished (" + run.status() + ")"));
    }
    String mine = Claim.held(hz, token, ownerNode).encode();
    while (true) {
      String current = owners.get(runId);
      if (current == null) {
        if (owners.putIfAbsent(runId, mine) == null) {
          break;
        }
        continue;
      }
      Claim c = Claim.decode(current);
      if (c.held() && !c.token().equals(token) && live(c)) {
        throw new ResumeRefusedException(runId, Reason.OWNED_ELSEWHERE, "run '" + runId + "' is being run by"
            + " node '" + c.node() + "' (Hazelcast endpoint " + c.endpoint() + ", still in the cluster); cancel or"
            + " terminate it there, or wait until that node leaves the cluster");
      }
      if (owners.replace(runId, current, mine)) {
        break;
      }
    }
    held.add(runId);
  }

  @Override
  public List<String> unfinishedRuns(String ownerNode) {
    Objects.requireNonNull(ownerNode, "ownerNode");
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, StoredRun> e : runs.entrySet()) {
      StoredRun run = e.getValue();
      if (!run.finished() && run.info().owner().equals(ownerNode)) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** Marks the run {@code STUCK} (still resumable) and releases whoever held it. */
  @Override
  public void markStuck(String runId) {
    Objects.requireNonNull(runId, "runId");
    StoredRun run = runs.get(runId);
    if (run == null || run.finished()) {
      return;
    }
    runs.set(runId, new StoredRun(run.info(), StoredRun.STUCK, null, null));
    String current = owners.get(runId);
    if (current != null) {
      owners.replace(runId, current, Claim.decode(current).released().encode());
    }
    held.remove(runId);
  }

  /** The events recorded for {@code runId} (except {@code member_token}), in order; empty for an unknown run. */
  public List<CouncilEvent> events(String runId) {
    Long next = seqs.get(runId);
    if (next == null || next == 0) {
      return List.of();
    }
    Set<String> keys = new HashSet<>();
    for (long seq = 0; seq < next; seq++) {
      keys.add(eventKey(runId, seq));
    }
    Map<String, Map<String, Object>> found = events.getAll(keys);
    List<CouncilEvent> out = new ArrayList<>(found.size());
    for (long seq = 0; seq < next; seq++) {
      Map<String, Object> tree = found.get(eventKey(runId, seq));
      if (tree != null) {
        out.add(JsonMapping.event(tree));
      }
    }
    return out;
  }

  /** The run's stored status ({@code RUNNING}, {@code COMPLETED}, ... {@code STUCK}), or empty for an unknown run. */
  public Optional<String> status(String runId) {
    return Optional.ofNullable(runs.get(runId)).map(StoredRun::status);
  }

  /**
   * How the run ended: {@code completed}, {@code failed}, {@code cancelled} or {@code stopped}; empty while
   * it runs, when it was marked stuck, and for an unknown run.
   */
  public Optional<String> outcome(String runId) {
    StoredRun run = runs.get(runId);
    if (run == null || run.status().equals(StoredRun.RUNNING) || run.status().equals(StoredRun.STUCK)) {
      return Optional.empty();
    }
    return Optional.of(run.status().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Record writes (events, outcomes, journal entries) refused because the run was no longer this
   * recorder's: another engine claimed it (adopted it) while this one was paused or cut off.
   */
  public long fencedWrites() {
    return fencedWrites.get();
  }

  /**
   * Whether this recorder may still write for {@code runId}: the node has not lost it, and the run's claim
   * in {@code council.recorder.owners} is still this recorder's. A claim taken by another engine fences
   * the run on this node (its local copy stops).
   */
  private boolean mayWrite(String runId, String what) {
    return mayWrite(runId, what, null);
  }

  /**
   * {@link #mayWrite(String, String)} for a run's events: the claim is read again only when the last read
   * for this recording is older than {@link #CLAIM_RECHECK} (a pause longer than that is caught by {@link
   * Fencing}), so events cost no extra round trip each.
   */
  private boolean mayWrite(String runId, String what, @Nullable Recording recording) {
    boolean ok = fencing.allowed(runId);
    if (ok && recording != null && System.nanoTime() - recording.claimCheckedAt < CLAIM_RECHECK.toNanos()) {
      return true;
    }
    if (ok) {
      String current = owners.get(runId);
      if (current == null) {
        // not opened yet (the journal may be written before the recording opens), or finished elsewhere
        StoredRun run = runs.get(runId);
        if (run != null && run.finished()) {
          ok = false;
          fencing.lose(runId, "another engine finished it (" + run.status() + ")");
        }
      } else {
        Claim c = Claim.decode(current);
        if (!c.token().equals(token)) {
          ok = false;
          fencing.lose(runId, "its recorder claim is held by node '" + c.node() + "' (Hazelcast endpoint "
              + c.endpoint() + ")");
        }
      }
    }
    if (ok && recording != null) {
      recording.claimCheckedAt = System.nanoTime();
    }
    if (!ok) {
      fencedWrites.incrementAndGet();
      log.debug("refused to record {}: run {} belongs to another engine now", what, runId);
    }
    return ok;
  }

  /** Record writes (events, outcomes, journal entries) that failed and were dropped, since this recorder opened. */
  public long failedWrites() {
    return failedWrites.get();
  }

  /**
   * While the last write failed (the cluster, or this client's connection to it, is gone): since when, how
   * many writes were dropped since, and the last failure; empty once a write succeeded again. Reports what
   * the writes found, never probes the cluster, so it does not block.
   */
  @Override
  public Optional<String> problem() {
    Outage o = outage;
    if (o == null) {
      return Optional.empty();
    }
    return Optional.of("writes to Hazelcast have been failing since " + o.since() + " ("
        + (failedWrites.get() - o.failedBefore()) + " dropped so far; the last, " + o.last()
        + "); each write tries again and the first that succeeds ends this");
  }

  /** Releases the runs this recorder still holds, then its hold on the Hazelcast instance. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    OPEN.remove(token);
    try {
      for (String runId : held) {
        release(runId);
      }
    } catch (RuntimeException e) {
      log.warn("could not release the runs this recorder held: {}", e.toString());
    } finally {
      held.clear();
      lease.close();
    }
  }

  private void release(String runId) {
    String current = owners.get(runId);
    if (current != null) {
      Claim c = Claim.decode(current);
      if (c.token().equals(token) && c.held()) {
        owners.replace(runId, current, c.released().encode());
      }
    }
  }

  private boolean live(Claim c) {
    if (OPEN.contains(c.token())) {
      return true;
    }
    String localEndpoint = hz.getLocalEndpoint().getUuid().toString();
    if (c.endpoint().equals(localEndpoint)) {
      return false; // this JVM's endpoint, and the recorder that held it is closed
    }
    for (Member m : hz.getCluster().getMembers()) {
      if (m.getUuid().toString().equals(c.endpoint())) {
        return true;
      }
    }
    try {
      return hz.getClientService().getConnectedClients().stream()
          .anyMatch(client -> client.getUuid().toString().equals(c.endpoint()));
    } catch (UnsupportedOperationException e) {
      return true; // a client cannot list the cluster's clients: assume the holder may be one, and live
    }
  }

  /**
   * Gives every entry of the finished run {@code runId} the time-to-live {@code ttl}: its stored events,
   * its journal entries and its next seq (its run info got it with its outcome). Stops at the first
   * failure, which the caller logs and counts; the entries not reached then stay until the cluster stops.
   */
  private void expire(String runId, Duration ttl) {
    long millis = ttl.toMillis();
    long next = Optional.ofNullable(seqs.get(runId)).orElse(0L);
    for (long from = 0; from < next; from += EXPIRY_BATCH) {
      Set<String> keys = new HashSet<>();
      for (long seq = from; seq < Math.min(next, from + EXPIRY_BATCH); seq++) {
        keys.add(eventKey(runId, seq));
      }
      // member_token events take seqs but are not stored: only keys that exist cost a call
      for (String key : events.getAll(keys).keySet()) {
        events.setTtl(key, millis, TimeUnit.MILLISECONDS);
      }
    }
    for (String key : calls.get(runId)) {
      journalMap.setTtl(key, millis, TimeUnit.MILLISECONDS);
    }
    calls.delete(runId);
    seqs.setTtl(runId, millis, TimeUnit.MILLISECONDS);
  }

  private static String eventKey(String runId, long seq) {
    return runId + "#" + seq;
  }

  /** A call's key in {@code council.recorder.journal}: unambiguous whatever characters the ids hold. */
  static String journalKey(CallKey key) {
    return key.runId().length() + ":" + key.runId() + "/" + key.roundIndex() + "/" + key.iteration() + "/"
        + key.memberId();
  }

  private void failed(String what, RuntimeException e) {
    outage(what, e);
    failedWrites.incrementAndGet();
    log.warn("could not record {} in Hazelcast: {}", what, e.toString());
  }

  /** Starts or extends the outage in progress with a failure to write {@code what}. */
  private void outage(String what, RuntimeException e) {
    Outage o = outage;
    outage = new Outage(o == null ? Instant.now() : o.since(), o == null ? failedWrites.get() : o.failedBefore(),
        what + ": " + e);
  }

  /** After a write succeeded: ends an outage in progress. */
  private void wrote() {
    Outage o = outage;
    if (o != null) {
      outage = null;
      log.info("recording to Hazelcast again: {} write(s) failed and were dropped since {}",
          failedWrites.get() - o.failedBefore(), o.since());
    }
  }

  /**
   * Writes failing since {@code since}, when {@code failedBefore} writes had failed before; {@code last} the
   * latest failure.
   */
  private record Outage(Instant since, long failedBefore, String last) {}

  /** One run's recording; the engine calls it from one thread at a time. */
  private final class Recording implements RunRecording {
    private final String runId;
    private long next;
    private long claimCheckedAt = System.nanoTime() - CLAIM_RECHECK.toNanos() - 1;
    private boolean finished;

    Recording(String runId, long next) {
      this.runId = runId;
      this.next = next;
    }

    @Override
    public void onEvent(CouncilEvent event) {
      if (finished) {
        return; // an event after finish is ignored
      }
      try {
        if (!mayWrite(runId, event.type() + " event " + event.seq(), this)) {
          return;
        }
        if (!(event instanceof MemberToken)) {
          events.set(eventKey(runId, event.seq()), JsonMapping.toTree(event));
        }
        if (event.seq() + 1 > next) {
          next = event.seq() + 1;
          seqs.set(runId, next);
        }
        wrote();
      } catch (RuntimeException e) {
        failed(event.type() + " event " + event.seq() + " of run " + runId, e);
      }
    }

    @Override
    public void finish(RunOutcome outcome) {
      if (finished) {
        return; // a second finish is ignored: the first outcome stands
      }
      finished = true;
      try {
        if (!mayWrite(runId, "the outcome")) {
          held.remove(runId);
          return;
        }
        StoredRun run = runs.get(runId);
        if (run == null) {
          return;
        }
        StoredRun done = switch (outcome) {
          case RunOutcome.Completed c -> new StoredRun(run.info(), "COMPLETED", null, JsonMapping.toTree(c.result()));
          case RunOutcome.Failed f -> new StoredRun(run.info(), "FAILED", null, JsonMapping.toTree(f.result()));
          case RunOutcome.Cancelled c -> new StoredRun(run.info(), "CANCELLED", null, JsonMapping.toTree(c.result()));
          case RunOutcome.Stopped s -> new StoredRun(run.info(), StoredRun.STOPPED, s.reason(), null);
        };
        Duration ttl = done.finished() ? retention : null;
        if (ttl != null) {
          runs.set(runId, done, ttl.toMillis(), TimeUnit.MILLISECONDS);
        } else {
          runs.set(runId, done);
        }
        String current = owners.get(runId);
        if (current != null && Claim.decode(current).token().equals(token)) {
          if (done.finished()) {
            owners.remove(runId, current);
          } else {
            owners.replace(runId, current, Claim.decode(current).released().encode());
          }
        }
        held.remove(runId);
        if (ttl != null) {
          expire(runId, ttl);
        }
        wrote();
      } catch (RuntimeException e) {
        failed("the outcome of run " + runId, e);
      }
    }
  }

  /** The journal in {@code council.recorder.journal}. */
  private final class Journal implements MemberCallJournal {
    @Override
    public Optional<MemberResult> find(CallKey key) {
      Map<String, Object> entry = journalMap.get(journalKey(key));
      if (entry == null) {
        return Optional.empty();
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) entry.get("result");
      return Optional.of(JsonMapping.memberResult(result));
    }

    /** Returns once the entry and its synchronous backup are written; a failure is logged and counted. */
    @Override
    public void record(CallKey key, String requestHash, MemberResult result) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("requestHash", requestHash);
      entry.put("result", JsonMapping.toTree(result));
      try {
        if (!mayWrite(key.runId(), "the journal entry of " + key)) {
          return;
        }
        journalMap.set(journalKey(key), entry);
        calls.put(key.runId(), journalKey(key));
        wrote();
      } catch (RuntimeException e) {
        failed("the journal entry of " + key, e);
      }
    }
  }

  /**
   * Who holds a run: encoded as text in {@code council.recorder.owners} so that compare-and-set compares
   * plain strings.
   */
  private record Claim(boolean held, String endpoint, String token, String node) {
    static Claim held(HazelcastInstance hz, String token, String node) {
      return new Claim(true, hz.getLocalEndpoint().getUuid().toString(), token, node);
    }

    Claim released() {
      return new Claim(false, endpoint, token, node);
    }

    String encode() {
      return (held ? "held" : "released") + "\n" + endpoint + "\n" + token + "\n" + node;
    }

    static Claim decode(String s) {
      String[] p = s.split("\n", 4);
      return new Claim(p[0].equals("held"), p[1], p[2], p[3]);
    }
  }
}
