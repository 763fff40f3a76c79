package dev.council.recorder.jdbi.internal;

import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.Result;
import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.recorder.jdbi.EventFilter;
import dev.council.recorder.jdbi.RecorderStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes recorded runs to PostgreSQL from {@link Settings#writers} writer threads, in batches, through a
 * bounded {@link WriteBuffer}. Recording threads only turn events into JSON and enqueue, so a slow or
 * absent database never slows a run. Each run's records go to one writer (chosen by run id) and are
 * written in order; writers work on disjoint runs, each in its own transactions on its own connection.
 *
 * <p>Each batch is written in one transaction, in buffer order: run openings, then events, then each
 * run's last seq, then outcomes; so a run's rows are written in the order the run produced them. A run
 * opened and finished in the same batch is written as its final row, before its events, and events go
 * in by a plain insert; a repeated (run, seq) makes that fail, and the batch is written again in the
 * statements that count repeats.
 * Opening a run id that is already stored and unfinished ({@code RUNNING} or {@code STUCK}: a resumed
 * run) sets it back to {@code RUNNING} under its new owner. Outcomes map to statuses: completed,
 * failed and cancelled as such; {@link RunOutcome.Stopped#TERMINATED} to {@code CANCELLED} with no
 * result and one error; any other stop (the engine stopped) leaves the run {@code RUNNING} with no
 * finish time, so that a recovery can resume it, and only records its last seq and dropped events. A
 * failure that retrying can cure is retried with exponential backoff (the writer, and therefore every
 * later record, waits), so nothing that fits in the buffer is lost while the database is down. Inserts
 * are idempotent, so a batch whose commit was lost in transit is simply written again. A batch the
 * database rejects for its data is split and written record by record, and only the rejected records
 * are dropped. Every record that cannot be kept (buffer full, rejected, still unwritten when
 * {@link #close} gives up) is counted in {@link #stats()} and logged at WARN, at most every 30 seconds.
 *
 * <p>Thread-safe. The writer threads start with the first record and end in {@link #close}.
 */
public final class EventWriter {
  /**
   * How the writer buffers and retries.
   *
   * @param bufferCapacity events held at most (openings and outcomes are always admitted)
   * @param batchSize records written per transaction at most
   * @param flushInterval how long a partial batch waits for more records before it is written
   * @param minBackoff the first wait after a failed write
   * @param maxBackoff the longest wait between retries
   * @param bufferWait how long an event waits for room in a full buffer while the writer is healthy
   * @param lease how long a run's ownership lasts without renewal
   * @param leaseOwner this recorder instance's lease token
   * @param writers writer threads, each on its own connection; a run's records are all written by one
   */
  public record Settings(int bufferCapacity, int batchSize, Duration flushInterval, Duration minBackoff,
      Duration maxBackoff, Duration bufferWait, Duration lease, String leaseOwner, int writers) {}

  private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);
  private static final long WARN_EVERY_NANOS = Duration.ofSeconds(30).toNanos();
  private static final Duration ABANDON_WAIT = Duration.ofSeconds(2);

  /** The error stored for a run stopped on purpose ({@link RunOutcome.Stopped#TERMINATED}). */
  private static final String TERMINATED_MESSAGE = "run terminated before it finished (RunHandle.terminate);"
      + " it cannot be resumed: rerun it to start it again as a new attempt";

  private static final String INSERT_RUN = """
      INSERT INTO ${prefix}runs (run_id, council_id, council, input, status, attempt, parent_run_id,
        owner_node, started_at, lease_owner, lease_expires_at, trace_context)
      VALUES (:runId, :councilId, CAST(:council AS jsonb), CAST(:input AS jsonb), 'RUNNING', :attempt,
        :parentRunId, :ownerNode, :startedAt, :leaseOwner, now() + CAST(:lease AS interval),
        CAST(:traceContext AS jsonb))
      ON CONFLICT (run_id) DO UPDATE SET status = 'RUNNING', owner_node = EXCLUDED.owner_node,
        lease_owner = EXCLUDED.lease_owner, lease_expires_at = EXCLUDED.lease_expires_at,
        trace_context = COALESCE(EXCLUDED.trace_context, ${prefix}runs.trace_context)
      WHERE ${prefix}runs.finished_at IS NULL AND (${prefix}runs.lease_owner IS NULL
        OR ${prefix}runs.lease_owner = EXCLUDED.lease_owner OR ${prefix}runs.lease_expires_at < now())""";
  /**
   * Renews every unfinished run's lease, skipping rows a writer's transaction holds at that moment (they
   * are renewed at the next tick, a third of the lease later). Never waiting for a row lock, it cannot
   * deadlock with a writer, which locks its batch's run rows in batch order.
   */
  private static final String RENEW_LEASES = """
      UPDATE ${prefix}runs SET lease_expires_at = now() + CAST(:lease AS interval)
      WHERE run_id IN (SELECT run_id FROM ${prefix}runs WHERE lease_owner = :leaseOwner AND finished_at IS NULL
        FOR NO KEY UPDATE SKIP LOCKED)
      AND lease_owner = :leaseOwner AND finished_at IS NULL""";
  /** Of the given runs this recorder wrote and runs, those whose row another engine now owns. */
  private static final String LOST_LEASES = """
      SELECT run_id, owner_node FROM ${prefix}runs
      WHERE run_id = ANY(?) AND lease_owner IS DISTINCT FROM ?""";
  /**
   * Every event of a batch in one statement. A seq already stored with the same payload (this batch
   * written before, its commit lost in transit) counts as written; one stored with a different payload
   * (another writer had the run) is not returned and is counted as conflicted.
   */
  private static final String INSERT_EVENTS = """
      INSERT INTO ${prefix}run_events (run_id, seq, type, payload, created_at)
      SELECT u.run_id, CAST(u.seq AS bigint), u.type, CAST(u.payload AS jsonb), CAST(u.created_at AS timestamptz)
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(run_id, seq, type, payload, created_at)
      ON CONFLICT (run_id, seq) DO UPDATE SET type = EXCLUDED.type
      WHERE ${prefix}run_events.payload = EXCLUDED.payload
      RETURNING run_id, seq""";
  /**
   * The fast form of {@link #INSERT_EVENTS}: a plain insert, with no conflict check and nothing returned.
   * Any repeated (run, seq), in the batch or in the table, fails it with a unique violation; the batch's
   * transaction is then rolled back and written again with {@link #INSERT_EVENTS}, which counts them.
   */
  private static final String INSERT_EVENTS_PLAIN = """
      INSERT INTO ${prefix}run_events (run_id, seq, type, payload, created_at)
      SELECT u.run_id, CAST(u.seq AS bigint), u.type, CAST(u.payload AS jsonb), CAST(u.created_at AS timestamptz)
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(run_id, seq, type, payload, created_at)""";
  /**
   * A run opened and finished within one batch, written as its final row in one statement (instead of
   * {@link #INSERT_RUN}, {@link #UPDATE_LAST_SEQ} and {@link #FINISH_RUN}: two updates fewer of a row with
   * seven indexes). Same conditions as the opening: a row another engine holds is left alone.
   */
  private static final String INSERT_FINISHED_RUN = """
      INSERT INTO ${prefix}runs (run_id, council_id, council, input, status, result, errors, attempt, parent_run_id,
        owner_node, last_seq, dropped_events, started_at, finished_at, lease_owner, lease_expires_at, trace_context)
      VALUES (:runId, :councilId, CAST(:council AS jsonb), CAST(:input AS jsonb), :status, CAST(:result AS jsonb),
        CAST(:errors AS jsonb), :attempt, :parentRunId, :ownerNode, :lastSeq, :droppedEvents, :startedAt,
        :finishedAt, :leaseOwner, now() + CAST(:lease AS interval), CAST(:traceContext AS jsonb))
      ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, result = EXCLUDED.result,
        trace_context = COALESCE(EXCLUDED.trace_context, ${prefix}runs.trace_context),
        errors = EXCLUDED.errors, finished_at = EXCLUDED.finished_at, owner_node = EXCLUDED.owner_node,
        lease_owner = EXCLUDED.lease_owner, lease_expires_at = EXCLUDED.lease_expires_at,
        last_seq = GREATEST(${prefix}runs.last_seq, EXCLUDED.last_seq),
        dropped_events = ${prefix}runs.dropped_events + EXCLUDED.dropped_events
      WHERE ${prefix}runs.finished_at IS NULL AND (${prefix}runs.lease_owner IS NULL
        OR ${prefix}runs.lease_owner = EXCLUDED.lease_owner OR ${prefix}runs.lease_expires_at < now())""";
  /** Whether the server can compress with LZ4 ({@code default_toast_compression} accepts it). */
  private static final String LZ4_AVAILABLE = """
      SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)""";
  private static final String UPDATE_LAST_SEQ = """
      UPDATE ${prefix}runs SET last_seq = GREATEST(last_seq, :seq) WHERE run_id = :runId""";
  private static final String FINISH_RUN = """
      UPDATE ${prefix}runs SET status = :status, result = CAST(:result AS jsonb),
        errors = CAST(:errors AS jsonb), finished_at = :finishedAt,
        last_seq = GREATEST(last_seq, :lastSeq), dropped_events = dropped_events + :droppedEvents
      WHERE run_id = :runId AND finished_at IS NULL AND (lease_owner IS NULL OR lease_owner = :leaseOwner)""";
  private static final String SUSPEND_RUN = """
      UPDATE ${prefix}runs SET last_seq = GREATEST(last_seq, :lastSeq), lease_owner = NULL,
        dropped_events = dropped_events + :droppedEvents
      WHERE run_id = :runId AND finished_at IS NULL AND (lease_owner IS NULL OR lease_owner = :leaseOwner)""";

  private final Jdbi jdbi;
  private final Tables tables;
  private final SchemaGate schema;
  private final Settings settings;
  private final ThreadFactory threadFactory;
  private final Clock clock;
  private final Json json = Json.get();
  private final WriteBuffer buffer;
  private final String insertRun;
  private final String insertEvents;
  private final String insertEventsPlain;
  private final String insertFinishedRun;
  private final String updateLastSeq;
  private final String finishRun;
  private final String suspendRun;
  private final String renewLeases;
  private final String lostLeases;
  /** The unfinished runs this recorder opened, by id: the runs whose lease it renews and checks. */
  private final ConcurrentMap<String, RunState> owned = new ConcurrentHashMap<>();
  private final AtomicLong leasesLost = new AtomicLong();
  /** One per writer thread, each writing the runs of its buffer lane on its own connection. */
  private final Lane[] lanes;
  private volatile @Nullable Thread keeper;
  /**
   * The JSON of the council last opened: runs of one council share its (immutable) definition, so it is
   * written once rather than once per run.
   */
  private volatile @Nullable CouncilJson lastCouncil;
  /** Whether the server compresses with LZ4; null until a writer asked it. */
  private volatile @Nullable Boolean lz4;

  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong conflicted = new AtomicLong();
  private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
  private final AtomicLong droppedSinceWarning = new AtomicLong();

  /** Openings accepted but not yet settled (written or dropped), by run id, for {@link #writePendingOpen}. */
  private final ConcurrentMap<String, Item.Open> unwrittenOpens = new ConcurrentHashMap<>();
  private final ReentrantLock startLock = new ReentrantLock();
  private volatile Thread @Nullable [] threads;
  private volatile boolean closed;
  private volatile boolean abandoned;


  public EventWriter(Jdbi jdbi, Tables tables, SchemaGate schema, Settings settings, ThreadFactory threadFactory,
      Clock clock) {
    this.jdbi = jdbi;
    this.tables = tables;
    this.schema = schema;
    this.settings = settings;
    this.threadFactory = threadFactory;
    this.clock = clock;
    this.buffer = new WriteBuffer(settings.bufferCapacity(), settings.batchSize(), settings.writers());
    this.lanes = new Lane[settings.writers()];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new Lane(i);
    }
    this.insertRun = tables.render(INSERT_RUN);
    this.insertEvents = tables.render(INSERT_EVENTS);
    this.insertEventsPlain = tables.render(INSERT_EVENTS_PLAIN);
    this.insertFinishedRun = tables.render(INSERT_FINISHED_RUN);
    this.updateLastSeq = tables.render(UPDATE_LAST_SEQ);
    this.finishRun = tables.render(FINISH_RUN);
    this.suspendRun = tables.render(SUSPEND_RUN);
    this.renewLeases = tables.render(RENEW_LEASES);
    this.lostLeases = tables.render(LOST_LEASES);
  }

  /** Starts recording a run: queues its row and returns its single writer. Never blocks on I/O. */
  public RunRecording open(RunInfo info, EventFilter filter) {
    RunState run = new RunState(info.runId());
    owned.put(info.runId(), run);
    Item.Open open = new Item.Open(run, info);
    unwrittenOpens.put(info.runId(), open);
    if (!submit(open)) {
      unwrittenOpens.remove(info.runId(), open);
    }
    return new JdbiRunRecording(run, filter, this);
  }

  /**
   * Writes the opening of run {@code runId} through {@code handle} (in the caller's transaction) if the
   * writer has accepted it but not written it yet, so that a journaled call never exists without its
   * run's row: a run with a finished call can always be resumed, even if the process dies before the
   * writer's next batch. The same idempotent upsert as the writer's, so writing it twice is harmless.
   *
   * @return the run whose opening was written, to pass to {@link #openCommitted} after the commit; null
   *     when there was nothing to write
   */
  @Nullable RunState writePendingOpen(Handle handle, String runId) {
    Item.Open open = unwrittenOpens.get(runId);
    if (open == null) {
      return null;
    }
    Row row;
    try {
      row = prepare(open);
    } catch (RuntimeException e) {
      return null;  // not JSON-able: the writer drops the opening, counts it and logs why
    }
    int[] counts = execute(handle, insertRun, List.of((OpenRow) row), this::bindOpen);
    if (counts.length == 1 && counts[0] == 0 && ownedElsewhere(handle, runId)) {
      fence(open.run(), "opening it found its row under another engine's unexpired lease");
    }
    return open.run();
  }

  /** Whether the unfinished row of {@code runId} names another lease owner than this recorder. */
  private boolean ownedElsewhere(Handle handle, String runId) {
    return handle.createQuery("SELECT count(*) FROM " + tables.runs() + " WHERE run_id = :runId"
            + " AND finished_at IS NULL AND lease_owner IS DISTINCT FROM :me")
        .bind("runId", runId).bind("me", settings.leaseOwner()).mapTo(Long.class).one() > 0;
  }

  /** Whether run {@code runId}, opened by this recorder, was fenced: another engine took its lease. */
  boolean fenced(String runId) {
    RunState run = owned.get(runId);
    return run != null && run.fenced();
  }

  /**
   * Fences {@code run}: another engine owns it now. Logged at ERROR and counted once; from then on this
   * recorder refuses the run's events, outcome and journal entries (counted as conflicted) instead of
   * writing them among the new owner's.
   */
  void fence(RunState run, String why) {
    if (!run.fence()) {
      return;
    }
    leasesLost.incrementAndGet();
    LOG.error("council recorder (tables {}*) lost the lease of run {}: {}. Another engine resumed it (this one"
        + " could not renew its lease for longer than {}, e.g. while PostgreSQL was unreachable); this recorder"
        + " writes nothing more of the run: its later events, outcome and journal entries are refused and"
        + " counted as conflicted", tables.prefix(), run.runId(), why, settings.lease());
  }

  /** The opening {@link #writePendingOpen} wrote for {@code run} is committed: nobody writes it again. */
  void openCommitted(RunState run) {
    run.markRowWritten();
    unwrittenOpens.computeIfPresent(run.runId(), (id, open) -> open.run() == run ? null : open);
  }

  void submitEvent(RunState run, CouncilEvent event) {
    if (run.fenced()) {
      refuseFenced(run, true, event.type() + " event #" + event.seq());
      return;
    }
    String payload;
    try {
      payload = json.writeEvent(event);
    } catch (RuntimeException e) {
      drop(run, true, "it could not be turned into JSON: " + e.getMessage());
      return;
    }
    submit(new Item.Event(run, event, payload));
  }

  void submitFinish(RunState run, RunOutcome outcome) {
    if (run.fenced()) {
      owned.remove(run.runId(), run);
      refuseFenced(run, false, "the outcome");
      return;
    }
    submit(new Item.Finish(run, outcome, clock.instant(), run.maxSeq()));
  }

  private void refuseFenced(RunState run, boolean event, String what) {
    drop(run, event, what + " was refused: another engine owns the run since this recorder lost its lease");
    conflicted.incrementAndGet(); // after dropped: whoever sees it counted in conflicted sees it in dropped
  }

  /**
   * Counts an event that arrived after its run finished: the contract was broken, and it is not kept.
   * Not added to the run's {@code dropped_events}, which was final when the outcome arrived.
   */
  void rejectLate(RunState run, CouncilEvent event) {
    drop(run, false, event.type() + " event #" + event.seq() + " arrived after the run's outcome was recorded");
  }

  /**
   * While a writer's last attempt to write failed for a reason a retry may cure (the database is down or
   * unreachable): what fails, since when, and how much is buffered. Empty once every writer's last attempt
   * succeeded. Non-blocking.
   */
  public Optional<String> outage() {
    for (Lane lane : lanes) {
      String o = lane.outage;
      if (o != null) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  public RecorderStats stats() {
    long conflicts = conflicted.get(); // before dropped, which counts each conflict first: dropped >= conflicted
    return new RecorderStats(written.get(), buffer.pending(), dropped.get(), failures.get(), conflicts,
        0, 0, 0, 0, 0, 0, leasesLost.get(), 0, 0);
  }

  /**
   * Has the writer write every record accepted before this call at once (without waiting for the flush
   * interval) and waits until they are written or dropped.
   *
   * @return false when {@code timeout} passed first (or the calling thread was interrupted)
   */
  public boolean awaitFlushed(Duration timeout) {
    try {
      return buffer.awaitSettled(buffer.requestFlush(), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Refuses new records, lets the writer drain the buffer for up to {@code timeout}, then abandons what
   * is left (counting it as dropped). Idempotent.
   */
  public void close(Duration timeout) {
    closed = true;
    buffer.close();
    Thread k = keeper;
    if (k != null) {
      k.interrupt();
    }
    startLock.lock();
    Thread[] ts;
    try {
      ts = threads;
    } finally {
      startLock.unlock();
    }
    if (ts == null) {
      return;
    }
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Thread t : ts) {
        if (!t.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
          abandoned = true;
        }
      }
      if (abandoned) {
        for (Thread t : ts) {
          t.interrupt();
        }
        for (Thread t : ts) {
          t.join(ABANDON_WAIT);
        }
      }
    } catch (InterruptedException e) {
      abandoned = true;
      for (Thread t : ts) {
        t.interrupt();
      }
      Thread.currentThread().interrupt();
    }
    releaseLeases();
    int left = buffer.pending();
    if (left > 0) {
      LOG.warn("council recorder (tables {}*) closed while {} record(s) were still being written to PostgreSQL;"
          + " they are counted as dropped once the write in progress gives up", tables.prefix(), left);
    }
  }

  /** Queues {@code item}, or counts it as dropped; false when dropped. */
  private boolean submit(Item item) {
    startIfNeeded();
    boolean outage = failing();
    if (buffer.offer(item, settings.bufferWait())) {
      return true;
    }
    drop(item.run(), item instanceof Item.Event, closed
        ? "the recorder is closed"
        : "the buffer of " + settings.bufferCapacity() + " events is full" + (outage || failing()
            ? " and PostgreSQL is failing"
            : " and stayed full for " + settings.bufferWait() + " (PostgreSQL is slower than the runs)")
            + "; raise bufferCapacity / council.recorder.jdbi.buffer-capacity if this is expected");
    return false;
  }

  private void startIfNeeded() {
    if (threads != null || closed) {
      return;
    }
    startLock.lock();
    try {
      if (threads == null && !closed) {
        Thread[] ts = new Thread[lanes.length];
        for (Lane lane : lanes) {
          ts[lane.index] = threadFactory.newThread(() -> run(lane));
          ts[lane.index].start();
        }
        threads = ts;
        Thread k = threadFactory.newThread(this::keepLeases);
        k.start();
        keeper = k;
      }
    } finally {
      startLock.unlock();
    }
  }

  /**
   * Renews the lease of every unfinished run this recorder opened, every third of the lease, until the
   * recorder closes. A failed renewal is retried at the next tick; a run whose lease lapses (the database
   * was unreachable for longer than the lease) can be claimed by another engine.
   */
  private void keepLeases() {
    long every = Math.max(50, settings.lease().toMillis() / 3);
    while (!closed) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      if (closed) {
        return;
      }
      try {
        schema.ensure();
        renewAndCheckLeases();
      } catch (RuntimeException e) {
        LOG.debug("council recorder could not renew its run leases: {}", Failures.describe(e));
      }
    }
  }

  /**
   * Renews the lease of every unfinished run this recorder holds, in one statement, then checks the runs
   * it still runs whose row is written: one whose row now names another lease owner (or none) was
   * resumed by another engine after this recorder's lease lapsed, and is fenced.
   */
  void renewAndCheckLeases() {
    List<RunState> live = new ArrayList<>();
    for (RunState run : owned.values()) {
      if (run.finished()) {
        owned.remove(run.runId(), run);
      } else if (run.rowWritten() && !run.fenced()) {
        live.add(run);
      }
    }
    Map<String, String> lost = new LinkedHashMap<>();
    jdbi.useHandle(h -> {
      h.createUpdate(renewLeases).bind("lease", interval(settings.lease()))
          .bind("leaseOwner", settings.leaseOwner()).execute();
      if (live.isEmpty()) {
        return;
      }
      java.sql.Connection c = h.getConnection();
      try (java.sql.PreparedStatement s = c.prepareStatement(lostLeases)) {
        s.setArray(1, c.createArrayOf("text", live.stream().map(RunState::runId).toArray()));
        s.setString(2, settings.leaseOwner());
        try (java.sql.ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            lost.put(rs.getString(1), rs.getString(2));
          }
        }
      } catch (java.sql.SQLException e) {
        throw new JournalWriter.WriteFailure(e);
      }
    });
    for (RunState run : live) {
      String node = lost.get(run.runId());
      if (lost.containsKey(run.runId()) && !run.finished()) {
        fence(run, "renewing found its row owned by another engine (node " + node + ")");
      }
    }
  }

  /** A closed recorder owns nothing: its unfinished runs can be resumed elsewhere at once. Best effort. */
  private void releaseLeases() {
    if (abandoned) {
      return;
    }
    try {
      jdbi.useHandle(h -> h.createUpdate(tables.render(
              "UPDATE ${prefix}runs SET lease_owner = NULL WHERE lease_owner = :leaseOwner AND finished_at IS NULL"))
          .bind("leaseOwner", settings.leaseOwner()).execute());
    } catch (RuntimeException e) {
      LOG.debug("council recorder could not release its run leases: {}", Failures.describe(e));
    }
  }

  static String interval(Duration d) {
    return d.toMillis() + " milliseconds";
  }

  /** Whether some writer's last write attempt failed: events then do not wait for room in a full buffer. */
  private boolean failing() {
    for (Lane lane : lanes) {
      if (lane.failing) {
        return true;
      }
    }
    return false;
  }

  private void run(Lane lane) {
    try {
      while (true) {
        List<Item> batch = buffer.take(lane.index, settings.flushInterval());
        if (batch.isEmpty()) {
          return;
        }
        try {
          process(lane, batch);
        } finally {
          settle(lane, batch);
        }
      }
    } catch (InterruptedException e) {
      LOG.debug("council recorder writer interrupted; abandoning what is left");
    } finally {
      buffer.close();
      List<Item> rest = buffer.takeAll(lane.index);
      for (Item item : rest) {
        drop(item.run(), item instanceof Item.Event, "the recorder was closed before it could be written");
      }
      settle(lane, rest);
    }
  }

  private void settle(Lane lane, List<Item> items) {
    for (Item item : items) {
      if (item instanceof Item.Open open) {
        unwrittenOpens.remove(open.run().runId(), open);
      }
    }
    buffer.settle(lane.index, items);
  }

  private void process(Lane lane, List<Item> batch) throws InterruptedException {
    List<Row> rows = new ArrayList<>(batch.size());
    for (Item item : batch) {
      if (item instanceof Item.Open && item.run().rowWritten()) {
        written.incrementAndGet();  // the journal wrote it, in the transaction of the run's first call
        continue;
      }
      if (item.run().fenced()) {
        refuseFenced(item.run(), item instanceof Item.Event, "a buffered record");
        continue;
      }
      try {
        rows.add(prepare(item));
      } catch (RuntimeException e) {
        drop(item.run(), item instanceof Item.Event, "it could not be turned into JSON: " + e.getMessage());
      }
    }
    write(lane, rows);
  }

  /** Writes {@code rows}, splitting the batch when the database rejects its data. */
  private void write(Lane lane, List<Row> rows) throws InterruptedException {
    if (rows.isEmpty()) {
      return;
    }
    RuntimeException rejected = attempt(lane, rows);
    if (rejected == null) {
      return;
    }
    if (rows.size() == 1) {
      Row row = rows.get(0);
      drop(row.run(), row instanceof EventRow, "PostgreSQL rejected it: " + Failures.describe(rejected));
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      try {
        write(lane, List.of(rows.get(i)));
      } catch (InterruptedException e) {
        for (Row row : rows.subList(i + 1, rows.size())) {
          drop(row.run(), row instanceof EventRow, "the recorder was closed before it could be written");
        }
        throw e;
      }
    }
  }

  /**
   * Writes {@code rows} in one transaction, retrying curable failures until it succeeds or the writer is
   * abandoned (then the rows are dropped and the interruption rethrown).
   *
   * @return null when written, or the failure when the database rejected the data
   */
  private @Nullable RuntimeException attempt(Lane lane, List<Row> rows) throws InterruptedException {
    Duration backoff = settings.minBackoff();
    boolean checked = false;
    while (true) {
      try {
        if (abandoned) {
          throw new InterruptedException("recorder abandoned");
        }
        try {
          schema.ensure();
          lane.refusedOpens.clear();
          lane.appliedOpens.clear();
          boolean check = checked;
          Map<RunState, List<Long>> lost;
          try {
            lost = jdbi.inTransaction(handle -> insert(lane, handle, rows, check));
          } catch (RepeatedEvent e) {
            checked = true;  // rolled back: write the batch again, counting the repeats
            continue;
          }
          for (RunState run : lane.appliedOpens) {
            run.markRowWritten();
          }
          for (RunState run : lane.refusedOpens) {
            fence(run, "opening it found its row under another engine's unexpired lease");
          }
          long conflicts = 0;
          for (Map.Entry<RunState, List<Long>> c : lost.entrySet()) {
            for (Long seq : c.getValue()) {
              conflicts++;
              drop(c.getKey(), true, "event #" + seq + " conflicts with a different event stored under the same seq"
                  + " (another engine wrote this run: resume a run only once its owner is gone)");
              conflicted.incrementAndGet(); // after dropped, as in refuseFenced
            }
          }
          written.addAndGet(rows.size() - conflicts);
          if (lane.failing) {
            lane.failing = false;
            buffer.failing(lane.index, false);
          }
          lane.outage = null;
          recovered(lane);
          return null;
        } catch (RuntimeException e) {
          failures.incrementAndGet();
          if (Failures.permanent(e)) {
            return e;
          }
          if (!lane.failing) {
            lane.failing = true;
            buffer.failing(lane.index, true);
          }
          outage(lane, e);
        }
        Thread.sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
            ? settings.maxBackoff() : backoff.multipliedBy(2);
      } catch (InterruptedException e) {
        for (Row row : rows) {
          drop(row.run(), row instanceof EventRow, "the recorder was closed before it could be written");
        }
        throw e;
      }
    }
  }

  /**
   * Writes {@code rows}; returns the events not stored because of a conflicting seq, by run.
   *
   * <p>Unless {@code checked}, the events go in by a plain insert (no conflict check per row, nothing
   * returned) and a run opened and finished in this batch by one insert of its final row; a repeated
   * (run, seq) then throws {@link RepeatedEvent}, and the caller writes the batch again with {@code
   * checked}, in the statements that count each repeat (so only then can any event be lost).
   */
  private Map<RunState, List<Long>> insert(Lane lane, Handle handle, List<Row> rows, boolean checked) {
    List<OpenRow> opens = new ArrayList<>();
    List<EventRow> events = new ArrayList<>();
    Map<RunState, List<Long>> lost = new LinkedHashMap<>();
    List<FinishRow> finishes = new ArrayList<>();
    List<SuspendRow> suspends = new ArrayList<>();
    Map<String, Long> lastSeq = new LinkedHashMap<>();
    for (Row row : rows) {
      switch (row) {
        case OpenRow o -> opens.add(o);
        case EventRow e -> {
          events.add(e);
          lastSeq.merge(e.run().runId(), e.seq(), Math::max);
        }

        case FinishRow f -> finishes.add(f);
        case SuspendRow s -> suspends.add(s);
      }
    }
    compressWithLz4(handle);
    List<OpenRow> finishedOpens = new ArrayList<>();
    List<FinishRow> finishedRows = new ArrayList<>();
    if (!checked && !finishes.isEmpty() && !opens.isEmpty()) {
      Map<RunState, FinishRow> finishOf = new java.util.HashMap<>();
      for (FinishRow f : finishes) {
        finishOf.put(f.run(), f);
      }
      List<OpenRow> open = new ArrayList<>(opens.size());
      for (OpenRow o : opens) {
        FinishRow f = finishOf.remove(o.run());
        if (f == null) {
          open.add(o);
        } else {
          finishedOpens.add(o);
          finishedRows.add(f);
        }
      }
      if (!finishedOpens.isEmpty()) {
        opens = open;
        finishes = finishes.stream().filter(f -> finishOf.containsKey(f.run())).toList();
      }
    }
    int[] opened = execute(handle, insertRun, opens, this::bindOpen);
    for (int i = 0; i < opened.length; i++) {
      RunState run = opens.get(i).run();
      if (opened[i] != 0) {
        lane.appliedOpens.add(run);
      } else if (ownedElsewhere(handle, run.runId())) {
        lane.refusedOpens.add(run);
      }
    }
    List<OpenRow> finishedOpensFinal = finishedOpens;
    List<FinishRow> finishedRowsFinal = finishedRows;
    int[] stored = execute(handle, insertFinishedRun, java.util.stream.IntStream.range(0, finishedOpens.size())
        .boxed().toList(), (batch, i) -> {
          OpenRow o = finishedOpensFinal.get(i);
          FinishRow f = finishedRowsFinal.get(i);
          bindOpen(batch, o);
          batch.bind("status", f.status())
              .bind("result", f.result())
              .bind("errors", f.errors())
              .bind("finishedAt", f.finishedAt())
              .bind("lastSeq", Math.max(f.lastSeq(), lastSeq.getOrDefault(o.run().runId(), -1L)))
              .bind("droppedEvents", f.run().dropped());
        });
    for (int i = 0; i < stored.length; i++) {
      RunState run = finishedOpens.get(i).run();
      if (stored[i] != 0) {
        lane.appliedOpens.add(run);
        lastSeq.remove(run.runId());  // in the row already
      } else if (ownedElsewhere(handle, run.runId())) {
        lane.refusedOpens.add(run);
      }
    }
    if (checked) {
      insertEvents(handle, events, lost);
    } else {
      insertEventsPlain(handle, events);
    }
    execute(handle, updateLastSeq, lastSeq.entrySet(), (batch, last) -> batch
        .bind("runId", last.getKey())
        .bind("seq", last.getValue()));
    execute(handle, finishRun, finishes, (batch, f) -> batch
        .bind("runId", f.run().runId())
        .bind("status", f.status())
        .bind("result", f.result())
        .bind("errors", f.errors())
        .bind("finishedAt", f.finishedAt())
        .bind("lastSeq", f.lastSeq())
        .bind("leaseOwner", settings.leaseOwner())
        .bind("droppedEvents", f.run().dropped() + lost.getOrDefault(f.run(), List.of()).size()));
    execute(handle, suspendRun, suspends, (batch, s) -> batch
        .bind("runId", s.run().runId())
        .bind("lastSeq", s.lastSeq())
        .bind("leaseOwner", settings.leaseOwner())
        .bind("droppedEvents", s.run().dropped() + lost.getOrDefault(s.run(), List.of()).size()));
    return lost;
  }

  /**
   * Inserts the events as one statement (each column an array, unnested by PostgreSQL) and puts in
   * {@code lost} those that were not stored: a repeat of a (run, seq) within the batch, or a seq the
   * table already holds with a different payload.
   */
  private void insertEvents(Handle handle, List<EventRow> events, Map<RunState, List<Long>> lost) {
    if (events.isEmpty()) {
      return;
    }
    Map<String, EventRow> unique = new LinkedHashMap<>();
    for (EventRow e : events) {
      if (unique.putIfAbsent(e.run().runId() + "\u0000" + e.seq(), e) != null) {
        lost.computeIfAbsent(e.run(), r -> new ArrayList<>()).add(e.seq());
      }
    }
    int n = unique.size();
    String[][] columns = new String[5][n];
    int i = 0;
    for (EventRow e : unique.values()) {
      columns[0][i] = e.run().runId();
      columns[1][i] = Long.toString(e.seq());
      columns[2][i] = e.type();
      columns[3][i] = e.payload();
      columns[4][i] = e.createdAt().toString();
      i++;
    }
    java.util.Set<String> stored = new java.util.HashSet<>(n * 2);
    java.sql.Connection connection = handle.getConnection();
    try (java.sql.PreparedStatement statement = connection.prepareStatement(insertEvents)) {
      for (int c = 0; c < columns.length; c++) {
        statement.setArray(c + 1, connection.createArrayOf("text", columns[c]));
      }
      try (java.sql.ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          stored.add(rs.getString(1) + "\u0000" + rs.getLong(2));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new JournalWriter.WriteFailure(e);
    }
    if (stored.size() < n) {
      for (Map.Entry<String, EventRow> e : unique.entrySet()) {
        if (!stored.contains(e.getKey())) {
          lost.computeIfAbsent(e.getValue().run(), r -> new ArrayList<>()).add(e.getValue().seq());
        }
      }
    }
  }

  /**
   * Has this transaction compress large values (the runs' council and result, long payloads) with LZ4
   * rather than PostgreSQL's default pglz, which costs the server several times more CPU per value, when
   * the server supports it. Values stay readable either way: each records how it was compressed.
   */
  private void compressWithLz4(Handle handle) {
    Boolean available = lz4;
    if (available == null) {
      available = handle.createQuery(LZ4_AVAILABLE).mapTo(Long.class).one() > 0;
      lz4 = available;
    }
    if (available) {
      handle.execute("SET LOCAL default_toast_compression = lz4");
    }
  }

  /**
   * Inserts the events by {@link #INSERT_EVENTS_PLAIN}; throws {@link RepeatedEvent} when a (run, seq)
   * repeats (the transaction is then lost: the caller writes the batch again, checked).
   */
  private void insertEventsPlain(Handle handle, List<EventRow> events) {
    if (events.isEmpty()) {
      return;
    }
    int n = events.size();
    String[][] columns = new String[5][n];
    for (int i = 0; i < n; i++) {
      EventRow e = events.get(i);
      columns[0][i] = e.run().runId();
      columns[1][i] = Long.toString(e.seq());
      columns[2][i] = e.type();
      columns[3][i] = e.payload();
      columns[4][i] = e.createdAt().toString();
    }
    java.sql.Connection connection = handle.getConnection();
    try (java.sql.PreparedStatement statement = connection.prepareStatement(insertEventsPlain)) {
      for (int c = 0; c < columns.length; c++) {
        statement.setArray(c + 1, connection.createArrayOf("text", columns[c]));
      }
      statement.executeUpdate();
    } catch (java.sql.SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        throw new RepeatedEvent(e);
      }
      throw new JournalWriter.WriteFailure(e);
    }
  }

  /** A (run, seq) of the batch is stored already or repeats in it: write the batch again, checked. */
  private static final class RepeatedEvent extends RuntimeException {
    RepeatedEvent(java.sql.SQLException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private void bindOpen(PreparedBatch batch, OpenRow o) {
    batch.bind("runId", o.run().runId())
        .bind("councilId", o.councilId())
        .bind("council", o.council())
        .bind("input", o.input())
        .bind("attempt", o.attempt())
        .bind("parentRunId", o.parentRunId())
        .bind("ownerNode", o.ownerNode())
        .bind("startedAt", o.startedAt())
        .bind("traceContext", o.traceContext())
        .bind("leaseOwner", settings.leaseOwner())
        .bind("lease", interval(settings.lease()));
  }

  /** Runs {@code sql} once per row as one JDBC batch and returns the update counts; none when no rows. */
  private static <R> int[] execute(Handle handle, String sql, Collection<R> rows, BiConsumer<PreparedBatch, R> bind) {
    if (rows.isEmpty()) {
      return new int[0];
    }
    try (PreparedBatch batch = handle.prepareBatch(sql)) {
      for (R row : rows) {
        bind.accept(batch, row);
        batch.add();
      }
      return batch.execute();
    }
  }

  private Row prepare(Item item) {
    return switch (item) {
      case Item.Open o -> {
        RunInfo info = o.info();
        yield new OpenRow(o.run(), info.council().id(), councilJson(info.council()), json.write(info.input()),
            info.attempt(), info.parentRunId(), info.owner(), info.startedAt(),
            info.traceContext().isEmpty() ? null : json.write(info.traceContext()));
      }
      case Item.Event e -> new EventRow(e.run(), e.event().seq(), e.event().type(), e.payload(),
          e.event().timestamp());
      case Item.Finish f -> switch (f.outcome()) {
        case RunOutcome.Completed c -> finished(f, "COMPLETED", c.result());
        case RunOutcome.Cancelled c -> finished(f, "CANCELLED", c.result());
        case RunOutcome.Failed c -> finished(f, "FAILED", c.result());
        case RunOutcome.Stopped s when s.resumable() -> new SuspendRow(f.run(), f.lastSeq());
        case RunOutcome.Stopped s -> new FinishRow(f.run(), "CANCELLED", null,
            json.writeErrors(List.of(CouncilError.of(ErrorKind.CANCELLED, TERMINATED_MESSAGE))), f.at(), f.lastSeq());
      };
    };
  }

  /** {@code council} as JSON, written again only when it is not the council of the last opening. */
  private String councilJson(Council council) {
    CouncilJson last = lastCouncil;
    if (last != null && last.council() == council) {
      return last.json();
    }
    String written = json.write(council);
    lastCouncil = new CouncilJson(council, written);
    return written;
  }

  private record CouncilJson(Council council, String json) {}

  private FinishRow finished(Item.Finish f, String status, Result result) {
    return new FinishRow(f.run(), status, json.writeResult(result), json.writeErrors(result.errors()),
        result.finishedAt(),
        f.lastSeq());
  }

  private void drop(RunState run, boolean event, String why) {
    dropped.incrementAndGet();
    if (event) {
      run.dropped(1);
    }
    droppedSinceWarning.incrementAndGet();
    long now = System.nanoTime();
    long last = lastDropWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastDropWarning.compareAndSet(last, now)) {
      LOG.warn("council recorder (tables {}*) dropped {} record(s) since the last warning, {} in total; latest"
              + " from run {}: {}", tables.prefix(), droppedSinceWarning.getAndSet(0), dropped.get(), run.runId(),
          why);
    }
  }

  private void outage(Lane lane, RuntimeException e) {
    lane.outageFailures++;
    if (lane.outageFailures == 1) {
      lane.outageSince = clock.instant();
    }
    lane.outage = "the council recorder (tables " + tables.prefix() + "*) cannot write to PostgreSQL since "
        + lane.outageSince + ": " + Failures.describe(e) + "; " + buffer.pending() + " record(s) are buffered"
        + " and retried with backoff up to " + settings.maxBackoff() + " (room for " + settings.bufferCapacity()
        + " events)";
    long now = System.nanoTime();
    if (lane.outageFailures == 1 || now - lane.lastOutageWarning >= WARN_EVERY_NANOS) {
      lane.lastOutageWarning = now;
      LOG.warn("council recorder (tables {}*) cannot write to PostgreSQL: {}; retrying with backoff up to {}"
              + " (attempt {} of this outage), {} record(s) buffered, room for {} events",
          tables.prefix(), Failures.describe(e), settings.maxBackoff(), lane.outageFailures, buffer.pending(),
          settings.bufferCapacity());
    }
  }

  private void recovered(Lane lane) {
    if (lane.outageFailures > 0) {
      LOG.warn("council recorder (tables {}*) is writing to PostgreSQL again after {} failed attempt(s)",
          tables.prefix(), lane.outageFailures);
      lane.outageFailures = 0;
    }
  }

  /** One writer thread's state: its buffer lane and its last attempts. Fields other than {@code failing} are its thread's only. */
  private static final class Lane {
    final int index;
    /** Runs whose opening the last insert attempt did not apply. */
    final List<RunState> refusedOpens = new ArrayList<>();
    final List<RunState> appliedOpens = new ArrayList<>();
    /** Failed attempts since the last successful write. */
    int outageFailures;
    long lastOutageWarning;
    /** Set while the last write attempt failed. */
    volatile boolean failing;
    /** What {@link EventWriter#outage()} reports while the last write attempt failed; null otherwise. */
    volatile @Nullable String outage;
    /** When the current outage began (this lane's first failed attempt of it). */
    @Nullable Instant outageSince;

    Lane(int index) {
      this.index = index;
    }
  }

  private sealed interface Row permits OpenRow, EventRow, FinishRow, SuspendRow {
    RunState run();
  }

  private record OpenRow(RunState run, String councilId, String council, String input, int attempt,
      @Nullable String parentRunId, String ownerNode, Instant startedAt, @Nullable String traceContext)
      implements Row {}

  private record EventRow(RunState run, long seq, String type, String payload, Instant createdAt) implements Row {}

  private record FinishRow(RunState run, String status, @Nullable String result, String errors, Instant finishedAt,
      long lastSeq) implements Row {}

  /** A run stopped with its engine: it stays RUNNING so that it can be resumed; only its counters move. */
  private record SuspendRow(RunState run, long lastSeq) implements Row {}
}
