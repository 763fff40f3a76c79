package dev.council.recorder.jdbi.internal;

import dev.council.api.MemberResult;
import dev.council.api.spi.CallKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes member-call journal entries with group commit: callers enqueue their entry and wait (at most
 * {@link Settings#commitWait}, not at all while the journal is known to be failing) until the batch
 * holding it commits. One writer thread takes everything queued, up to {@link Settings#batchSize}, and
 * writes it as one multi-row upsert in one transaction on its own connection source, so entries of
 * concurrent calls share a commit and the journal never competes with the event writer for a
 * connection.
 *
 * <p>A failed write attempt releases every caller waiting for a commit at once (an outage costs a run
 * at most the time the first attempt takes to fail), and while the journal is failing callers do not
 * wait. Entries of a run whose lease another engine took ({@link EventWriter#fenced}) are refused and
 * counted, never written over the new owner's rows.
 *
 * <p>When the database is slow or down, a caller stops waiting after the bound and its entry stays
 * queued: it is <em>at risk</em> (a crash now would make the call payable again) until the writer, which
 * retries with exponential backoff, commits it. The queue holds at most {@link Settings#queueCapacity}
 * entries; an entry that does not fit, that PostgreSQL rejects for its data, or that is still unwritten
 * when the recorder closes is <em>lost</em>: counted, logged at ERROR, and added to its run's
 * {@code unjournaled_calls} by the next successful transaction. Nothing is dropped silently.
 *
 * <p>Thread-safe. The writer thread starts with the first entry and ends in {@link #close}.
 */
public final class JournalWriter {
  /**
   * How the journal writer queues, waits and retries.
   *
   * @param queueCapacity entries queued at most (waiting or being written)
   * @param batchSize entries written per transaction at most
   * @param commitWait how long {@code record} waits for its entry's commit at most
   * @param minBackoff the first wait after a failed write
   * @param maxBackoff the longest wait between retries
   */
  public record Settings(int queueCapacity, int batchSize, Duration commitWait, Duration minBackoff,
      Duration maxBackoff) {}

  /** Counters, for {@code RecorderStats}. */
  public record Counts(long written, long pending, long deferred, long atRisk, long lost, long failures,
      long fenced) {}

  private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
  private static final long WARN_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

  private static final int PENDING = 0;
  private static final int COMMITTED = 1;
  private static final int AT_RISK = 2;
  private static final int LOST = 3;

  private static final String UPSERT = """
      INSERT INTO ${prefix}member_calls (run_id, round_index, iteration, member_id, attempts, request_hash,
        status, response, input_tokens, output_tokens, cost, latency_ms, provider, model, created_at)
      SELECT u.run_id, CAST(u.round_index AS integer), CAST(u.iteration AS integer), u.member_id,
        CAST(u.attempts AS integer), u.request_hash, u.status, CAST(u.response AS jsonb),
        CAST(u.input_tokens AS bigint), CAST(u.output_tokens AS bigint), CAST(u.cost AS double precision),
        CAST(u.latency_ms AS bigint), u.provider, u.model, CAST(u.created_at AS timestamptz)
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
        AS u(run_id, round_index, iteration, member_id, attempts, request_hash, status, response,
          input_tokens, output_tokens, cost, latency_ms, provider, model, created_at)
      ON CONFLICT (run_id, round_index, iteration, member_id) DO UPDATE SET
        attempts = EXCLUDED.attempts, request_hash = EXCLUDED.request_hash, status = EXCLUDED.status,
        response = EXCLUDED.response, input_tokens = EXCLUDED.input_tokens,
        output_tokens = EXCLUDED.output_tokens, cost = EXCLUDED.cost, latency_ms = EXCLUDED.latency_ms,
        provider = EXCLUDED.provider, model = EXCLUDED.model, created_at = EXCLUDED.created_at""";
  private static final String ADD_UNJOURNALED = """
      UPDATE ${prefix}runs SET unjournaled_calls = unjournaled_calls + :n WHERE run_id = :runId""";

  private final Jdbi jdbi;
  private final Tables tables;
  private final SchemaGate schema;
  private final EventWriter events;
  private final Settings settings;
  private final ThreadFactory threadFactory;
  private final String upsert;
  private final String addUnjournaled;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private int inFlight;
  private boolean closed;
  private @Nullable Thread thread;

  private final AtomicLong written = new AtomicLong();
  private final AtomicLong deferred = new AtomicLong();
  private final AtomicLong atRisk = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong fenced = new AtomicLong();
  private final AtomicLong lastDeferWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
  private final AtomicLong lastLossError = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
  /** Lost entries per run not yet added to the run's row. */
  private final ConcurrentMap<String, Long> unjournaled = new ConcurrentHashMap<>();
  /** Set while the last write attempt failed: callers then do not wait for a commit. */
  private volatile boolean failing;
  private volatile boolean abandoned;
  private int outageFailures;
  private long lastOutageWarning;

  public JournalWriter(Jdbi jdbi, Tables tables, SchemaGate schema, EventWriter events, Settings settings,
      ThreadFactory threadFactory) {
    this.jdbi = jdbi;
    this.tables = tables;
    this.schema = schema;
    this.events = events;
    this.settings = settings;
    this.threadFactory = threadFactory;
    this.upsert = tables.render(UPSERT);
    this.addUnjournaled = tables.render(ADD_UNJOURNALED);
  }

  /**
   * Queues the entry and waits until it is committed, at most the commit wait (not at all while the
   * journal is failing). Never throws for database trouble.
   *
   * @return true when the entry was committed before this returned
   */
  public boolean record(CallKey key, String requestHash, MemberResult result, String response, Instant at) {
    Entry entry = new Entry(key, requestHash, result, response, at);
    if (events.fenced(key.runId())) {
      fence(entry);
      return false;
    }
    if (!offer(entry)) {
      lose(entry, closed ? "the recorder is closed" : "the journal queue of " + settings.queueCapacity()
          + " entries is full (PostgreSQL has been down or slow for a while; raise council.recorder.jdbi.journal.queue-capacity"
          + " if such outages are expected)");
      return false;
    }
    if (!failing) {
      try {
        entry.released.await(settings.commitWait().toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int state = entry.state.get();
    if (state == COMMITTED) {
      return true;
    }
    if (state == LOST) {
      return false;
    }
    atRisk.incrementAndGet();
    if (entry.state.compareAndSet(PENDING, AT_RISK)) {
      deferred.incrementAndGet();
      long now = System.nanoTime();
      long last = lastDeferWarning.get();
      if (now - last >= WARN_EVERY_NANOS && lastDeferWarning.compareAndSet(last, now)) {
        LOG.warn("council journal (table {}) could not commit the member call {} within {}: the run goes on and"
                + " the entry stays queued until PostgreSQL takes it; until then a crash would make the call"
                + " payable again ({} call(s) at risk now, {} deferred in total)", tables.memberCalls(), key,
            failing ? "0s (the journal is failing)" : settings.commitWait(), atRisk.get(), deferred.get());
      }
      return false;
    }
    atRisk.decrementAndGet();
    return entry.state.get() == COMMITTED;
  }

  public Counts counts() {
    int pending;
    lock.lock();
    try {
      pending = queue.size() + inFlight;
    } finally {
      lock.unlock();
    }
    return new Counts(written.get(), pending, deferred.get(), atRisk.get(), lost.get(), failures.get(),
        fenced.get());
  }

  /** Whether the last write attempt failed (callers do not wait while it has). */
  /**
   * Treats the journal as failing until its next successful write, so that callers do not wait for
   * commits that cannot happen: for a recorder whose database refused it at start-up.
   */
  public void assumeFailing() {
    failing = true;
  }

  public boolean failing() {
    return failing;
  }

  /** Waits until every entry queued before this call is written or lost; false on timeout. */
  public boolean awaitDrained(Duration timeout) {
    List<Entry> snapshot;
    lock.lock();
    try {
      snapshot = new ArrayList<>(queue);
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Entry e : snapshot) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !e.done.await(left, TimeUnit.NANOSECONDS)) {
          return false;
        }
      }
      lock.lock();
      try {
        while (inFlight > 0 && System.nanoTime() < deadline) {
          available.awaitNanos(Math.max(1, Math.min(deadline - System.nanoTime(), 10_000_000L)));
        }
        return inFlight == 0;
      } finally {
        lock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Refuses new entries, lets the writer drain the queue for up to {@code timeout}, then abandons what
   * is left (lost, counted, logged). Idempotent.
   */
  public void close(Duration timeout) {
    Thread t;
    lock.lock();
    try {
      closed = true;
      available.signalAll();
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t == null) {
      return;
    }
    try {
      if (!t.join(timeout)) {
        abandoned = true;
        t.interrupt();
        t.join(Duration.ofSeconds(2));
      }
    } catch (InterruptedException e) {
      abandoned = true;
      t.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  private boolean offer(Entry entry) {
    lock.lock();
    try {
      if (closed || queue.size() + inFlight >= settings.queueCapacity()) {
        return false;
      }
      queue.addLast(entry);
      if (thread == null) {
        Thread t = threadFactory.newThread(this::run);
        thread = t;
        t.start();
      }
      available.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private List<Entry> take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (queue.isEmpty() && !closed) {
        available.await();
      }
      int n = Math.min(settings.batchSize(), queue.size());
      List<Entry> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(queue.pollFirst());
      }
      inFlight += n;
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void settled(int n) {
    lock.lock();
    try {
      inFlight -= n;
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      while (true) {
        List<Entry> batch = take();
        if (batch.isEmpty()) {
          flushUnjournaledQuietly();
          return;
        }
        try {
          write(batch);
        } finally {
          settled(batch.size());
        }
      }
    } catch (InterruptedException e) {
      LOG.debug("council journal writer interrupted; abandoning what is left");
    } finally {
      List<Entry> rest;
      lock.lock();
      try {
        closed = true;
        rest = new ArrayList<>(queue);
        queue.clear();
      } finally {
        lock.unlock();
      }
      for (Entry e : rest) {
        lose(e, "the recorder was closed before it could be written");
      }
    }
  }

  /** Writes {@code batch}, splitting it when the database rejects its data. */
  private void write(List<Entry> batch) throws InterruptedException {
    RuntimeException rejected = attempt(batch);
    if (rejected == null) {
      return;
    }
    if (batch.size() == 1) {
      lose(batch.get(0), "PostgreSQL rejected it: " + Failures.describe(rejected));
      return;
    }
    for (Entry e : batch) {
      write(List.of(e));
    }
  }

  private @Nullable RuntimeException attempt(List<Entry> batch) throws InterruptedException {
    Duration backoff = settings.minBackoff();
    while (true) {
      if (abandoned) {
        for (Entry e : batch) {
          lose(e, "the recorder was closed before it could be written");
        }
        throw new InterruptedException("recorder abandoned");
      }
      try {
        schema.ensure();
        Map<CallKey, Entry> latest = new LinkedHashMap<>();
        for (Entry e : batch) {
          if (events.fenced(e.key.runId())) {
            fence(e);  // its run's lease went to another engine while the entry waited
            continue;
          }
          latest.put(e.key, e);  // the same call twice in a batch: the later entry wins
        }
        writeOpenings(latest.values());
        jdbi.useTransaction(handle -> insert(handle, latest.values(), Map.of()));
        Map<String, Long> counts = drainUnjournaled();
        if (!counts.isEmpty()) {
          try {
            jdbi.useHandle(handle -> insert(handle, List.of(), counts));
          } catch (RuntimeException e) {
            counts.forEach((run, n) -> unjournaled.merge(run, n, Long::sum));
            throw e;
          }
        }
        for (Entry e : batch) {
          if (e.state.get() != LOST) {
            written.incrementAndGet();
            committed(e);
          }
        }
        if (failing || outageFailures > 0) {
          LOG.warn("council journal (table {}) is writing to PostgreSQL again after {} failed attempt(s); {} call(s)"
              + " still at risk", tables.memberCalls(), outageFailures, atRisk.get());
        }
        failing = false;
        outageFailures = 0;
        return null;
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        if (Failures.permanent(e)) {
          return e;
        }
        failing = true;
        releaseWaiting(batch);
        outageFailures++;
        long now = System.nanoTime();
        if (outageFailures == 1 || now - lastOutageWarning >= WARN_EVERY_NANOS) {
          lastOutageWarning = now;
          LOG.warn("council journal (table {}) cannot write to PostgreSQL: {}; retrying with backoff up to {}"
                  + " (attempt {} of this outage); callers do not wait meanwhile, {} call(s) at risk",
              tables.memberCalls(), Failures.describe(e), settings.maxBackoff(), outageFailures, atRisk.get());
        }
      }
      Thread.sleep(backoff);
      backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
          ? settings.maxBackoff() : backoff.multipliedBy(2);
    }
  }

  /**
   * Commits the opening rows of the entries' runs that the event writer has not written yet, one row per
   * statement (each its own transaction), before the entries: so a journaled call always has its run's
   * row, and the journal never holds a lock on one run row while waiting for another (which could
   * deadlock with the event writer's batch).
   */
  private void writeOpenings(java.util.Collection<Entry> entries) {
    Set<String> runIds = new java.util.TreeSet<>();
    for (Entry e : entries) {
      runIds.add(e.key.runId());
    }
    runIds.addAll(unjournaled.keySet());
    jdbi.useHandle(handle -> {
      for (String runId : runIds) {
        RunState run = events.writePendingOpen(handle, runId);
        if (run != null) {
          events.openCommitted(run);
        }
      }
    });
  }

  private void insert(Handle handle, java.util.Collection<Entry> entries, Map<String, Long> counts) {
    int n = entries.size();
    String[][] columns = new String[15][n];
    int i = 0;
    for (Entry e : entries) {
      MemberResult r = e.result;
      String[] row = {e.key.runId(), Integer.toString(e.key.roundIndex()), Integer.toString(e.key.iteration()),
          e.key.memberId(), Integer.toString(r.attempts()), e.requestHash, r.status().name(), e.response,
          Long.toString(r.usage().inputTokens()), Long.toString(r.usage().outputTokens()),
          r.usage().cost() == null ? null : Double.toString(r.usage().cost()), Long.toString(r.latency().toMillis()),
          r.provider(), r.model(), e.at.toString()};
      for (int c = 0; c < row.length; c++) {
        columns[c][i] = row[c];
      }
      i++;
    }
    if (n > 0) {
      upsert(handle.getConnection(), columns);
    }
    for (Map.Entry<String, Long> c : counts.entrySet()) {
      handle.createUpdate(addUnjournaled).bind("n", c.getValue()).bind("runId", c.getKey()).execute();
    }
  }

  /** One multi-row upsert: every column as a text array, unnested and cast by PostgreSQL. */
  private void upsert(Connection connection, String[][] columns) {
    try {
      try (PreparedStatement statement = connection.prepareStatement(upsert)) {
        List<Array> arrays = new ArrayList<>(columns.length);
        for (int c = 0; c < columns.length; c++) {
          Array array = connection.createArrayOf("text", columns[c]);
          arrays.add(array);
          statement.setArray(c + 1, array);
        }
        statement.executeUpdate();
        for (Array array : arrays) {
          array.free();
        }
      }
    } catch (SQLException e) {
      throw new WriteFailure(e);
    }
  }

  /** A failed statement, unchecked so that it leaves the transaction (which rolls back) as it is. */
  static final class WriteFailure extends RuntimeException {
    WriteFailure(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private Map<String, Long> drainUnjournaled() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String runId : List.copyOf(unjournaled.keySet())) {
      Long n = unjournaled.remove(runId);
      if (n != null) {
        out.put(runId, n);
      }
    }
    return out;
  }

  private void flushUnjournaledQuietly() {
    Map<String, Long> counts = drainUnjournaled();
    if (counts.isEmpty() || abandoned) {
      return;
    }
    try {
      jdbi.useHandle(handle -> insert(handle, List.of(), counts));
    } catch (RuntimeException e) {
      LOG.error("council journal (table {}) could not add lost entries to unjournaled_calls of runs {}: {}",
          tables.memberCalls(), counts, Failures.describe(e));
    }
  }

  /**
   * The journal is failing: callers waiting for the commit of {@code batch} or of a queued entry stop
   * waiting now (their entries stay queued and at risk), so an outage costs a run at most the time its
   * first write attempt takes to fail, never the whole commit wait. Entries queued from now on are not
   * waited for while {@code failing} is set.
   */
  private void releaseWaiting(List<Entry> batch) {
    for (Entry e : batch) {
      e.released.countDown();
    }
    lock.lock();
    try {
      for (Entry e : queue) {
        e.released.countDown();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Refuses an entry of a run whose lease another engine took: counted, never written over its rows. */
  private void fence(Entry e) {
    int before = e.state.getAndSet(LOST);
    if (before == AT_RISK) {
      atRisk.decrementAndGet();
    }
    fenced.incrementAndGet();
    e.done.countDown();
    e.released.countDown();
    LOG.error("council journal (table {}) refused the entry of member call {}: this recorder lost the run's lease"
        + " to another engine, which now owns the run and its journal ({} entr(ies) refused so far)",
        tables.memberCalls(), e.key, fenced.get());
  }

  private void committed(Entry e) {
    int before = e.state.getAndSet(COMMITTED);
    if (before == AT_RISK) {
      atRisk.decrementAndGet();
    }
    e.done.countDown();
    e.released.countDown();
  }

  private void lose(Entry e, String why) {
    int before = e.state.getAndSet(LOST);
    if (before == COMMITTED || before == LOST) {
      e.state.set(before);
      return;
    }
    if (before == AT_RISK) {
      atRisk.decrementAndGet();
    }
    lost.incrementAndGet();
    unjournaled.merge(e.key.runId(), 1L, Long::sum);
    e.done.countDown();
    e.released.countDown();
    long now = System.nanoTime();
    long last = lastLossError.get();
    if (now - last >= WARN_EVERY_NANOS && lastLossError.compareAndSet(last, now)) {
      LOG.error("council journal (table {}) lost the entry of member call {}: {}. If the run is resumed after a"
              + " crash this call is made (and paid) again; {} entr(ies) lost in total, counted in the runs'"
              + " unjournaled_calls", tables.memberCalls(), e.key, why, lost.get());
    }
  }

  /** One queued journal entry and its caller's view of it. */
  private static final class Entry {
    final CallKey key;
    final String requestHash;
    final MemberResult result;
    final String response;
    final Instant at;
    final AtomicInteger state = new AtomicInteger(PENDING);
    /** Counted down when the entry is written or given up. */
    final CountDownLatch done = new CountDownLatch(1);
    /** Counted down when its caller should stop waiting: written, given up, or the journal is failing. */
    final CountDownLatch released = new CountDownLatch(1);

    Entry(CallKey key, String requestHash, MemberResult result, String response, Instant at) {
      this.key = key;
      this.requestHash = requestHash;
      this.result = result;
      this.response = response;
      this.at = at;
    }
  }
}
