package dev.council.recorder.jdbi;

import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.ResumeRefusedException;
import dev.council.api.config.ConfigException;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunRecording;
import dev.council.recorder.jdbi.internal.EventWriter;
import dev.council.recorder.jdbi.internal.Failures;
import dev.council.recorder.jdbi.internal.JdbiJournal;
import dev.council.recorder.jdbi.internal.JournalWriter;
import dev.council.recorder.jdbi.internal.SchemaGate;
import dev.council.recorder.jdbi.internal.Tables;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jdbi} recorder: run history and the member-call journal in PostgreSQL.
 *
 * <p><b>Recording.</b> {@link #open} returns the run's single writer. Its {@code onEvent} and
 * {@code finish} only put records in a bounded buffer (never blocking on the database, never
 * throwing; each event is turned into its stored JSON there); {@link Builder#writers} writer threads
 * (platform daemon threads by default) drain it in batches, each run's records by one writer, in order.
 * While PostgreSQL is
 * down the writer retries with exponential backoff and the buffer holds up to
 * {@link Builder#bufferCapacity} events, which are all written when the database returns; a run's
 * opening and outcome are always kept. While the writer is healthy but behind, an event waits up to
 * {@link Builder#bufferWait} for room. Events that still do not fit are dropped, counted in
 * {@link #stats()} and the run's {@code dropped_events}, and logged at WARN. See
 * {@code docs/persistence.md}.
 *
 * <p><b>Journal.</b> {@link #journal()} commits entries of concurrent calls together (group commit) from
 * its own writer thread, on its own connection source ({@link Builder#journalJdbi}); {@code record}
 * returns after its entry's commit, or after {@link Builder#journalCommitWait} (at once while the journal
 * is failing) with the entry kept, retried and counted as at risk until written.
 *
 * <p><b>Ownership.</b> Every run this recorder opens carries its lease, renewed every third of
 * {@link Builder#lease}. A renewal that finds one of its runs owned by another engine (resumed there
 * after this recorder could not renew for longer than the lease) logs it at ERROR, counts it
 * ({@link RecorderStats#leasesLost()}) and fences the run: its later events, outcome and journal entries
 * are refused and counted, never interleaved with the new owner's.
 *
 * <p><b>Resume.</b> {@link #resumable}, {@link #unfinishedRuns} and {@link #markStuck} serve the engine's
 * {@code resume}, {@code rerun} and start-up recovery; they block on the database. Opening a stored,
 * unfinished run again continues it: status back to {@code RUNNING}, owner the new node, events
 * appended from the seq {@link #resumable} gave. A run stopped with its engine
 * ({@code Stopped("engine_stopped")}) stays {@code RUNNING}; one terminated on purpose becomes
 * {@code CANCELLED}.
 *
 * <p><b>Schema.</b> With {@code migrate(true)} (the default) the schema is created or upgraded before
 * the first write, under an advisory lock; otherwise its tables must exist ({@link CouncilSchema#sql}).
 * Building does no I/O: the writer threads start with the first run, and the schema is prepared on
 * first use, by {@link #prepareSchema()}, or by {@link #check} (which the configuration factory calls at
 * start-up).
 *
 * <p>Thread-safe. {@link #close()} stops accepting records, waits up to {@link Builder#closeTimeout}
 * for the buffer to drain, and closes the data source only when told to
 * ({@link Builder#closeDataSource}).
 */
public final class JdbiRecorder implements Recorder {
  /** The default table prefix. */
  public static final String DEFAULT_TABLE_PREFIX = "council_";
  /** Events the buffer holds by default while the database is slow or down. */
  public static final int DEFAULT_BUFFER_CAPACITY = 10_000;
  /** Records written per transaction at most, by default. */
  public static final int DEFAULT_BATCH_SIZE = 500;
  /** Event writer threads when {@link Builder#writers} is not called. */
  public static final int DEFAULT_WRITERS = 2;
  /** How long a partial batch waits for more records by default. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(50);
  /** The first wait after a failed write, by default; it doubles up to {@link #DEFAULT_MAX_BACKOFF}. */
  public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
  /** The longest wait between write retries, by default. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
  /** How long {@link #close()} waits for the buffer to drain, by default. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
  /**
   * How long an event waits for room in a full buffer without the writer writing anything, by default;
   * the wait restarts with each batch written, up to ten times this in all.
   */
  public static final Duration DEFAULT_BUFFER_WAIT = Duration.ofSeconds(5);
  /** How long a run's ownership lasts without renewal, by default; renewed every third of it. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
  /** How long a journal {@code record} waits for its commit at most, by default. */
  public static final Duration DEFAULT_JOURNAL_COMMIT_WAIT = Duration.ofSeconds(1);
  /** Journal entries queued at most (waiting for or being written), by default. */
  public static final int DEFAULT_JOURNAL_QUEUE_CAPACITY = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(JdbiRecorder.class);

  private final Tables tables;
  private final boolean migrate;
  private final EventFilter eventFilter;
  private final EventWriter writer;
  private final JournalWriter journalWriter;
  private final JdbiJournal journal;
  private final SchemaGate schema;
  private final RunHistory history;
  private final Duration closeTimeout;
  private final @Nullable DataSource ownedDataSource;
  private final @Nullable DataSource ownedJournalDataSource;
  private final int bufferCapacity;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** This instance's lease token: unique per recorder, so two engines never share one. */
  private final String leaseOwner = UUID.randomUUID().toString();
  private final Duration lease;
  private final Jdbi jdbi;
  private final java.util.concurrent.atomic.AtomicLong unjournaledOnResume = new java.util.concurrent.atomic.AtomicLong();
  /** What {@link #check} found wrong, until something is written; null when the check passed or was not made. */
  private volatile @Nullable String checkProblem;

  /**
   * The finished calls of a run that have a stored {@code member_completed} event but no journal row:
   * not skipped members (never asked) and not calls interrupted by a cancel (never journaled).
   */
  private static final String UNJOURNALED_COMPLETIONS = """
      SELECT DISTINCT CAST(e.payload->>'roundIndex' AS integer) AS round_index,
        CAST(e.payload->>'iteration' AS integer) AS iteration, e.payload->'result'->>'memberId' AS member_id
      FROM ${prefix}run_events e
      WHERE e.run_id = :runId AND e.type = 'member_completed'
        AND e.payload->'result'->>'status' <> 'SKIPPED'
        AND coalesce(e.payload->'result'->'error'->>'kind', '') <> 'CANCELLED'
        AND NOT EXISTS (SELECT 1 FROM ${prefix}member_calls c WHERE c.run_id = e.run_id
          AND c.round_index = CAST(e.payload->>'roundIndex' AS integer)
          AND c.iteration = CAST(e.payload->>'iteration' AS integer)
          AND c.member_id = e.payload->'result'->>'memberId')
      ORDER BY round_index, iteration, member_id""";

  private JdbiRecorder(Builder b, Jdbi jdbi, Tables tables) {
    this.tables = tables;
    this.jdbi = jdbi;
    this.lease = b.lease;
    this.migrate = b.migrate;
    this.eventFilter = b.eventFilter;
    this.closeTimeout = b.closeTimeout;
    this.bufferCapacity = b.bufferCapacity;
    this.ownedDataSource = b.closeDataSource ? b.dataSource : null;
    this.ownedJournalDataSource = b.closeDataSource ? b.journalDataSource : null;
    this.schema = new SchemaGate(jdbi, tables, b.migrate);
    this.writer = new EventWriter(jdbi, tables, schema,
        new EventWriter.Settings(b.bufferCapacity, b.batchSize, b.flushInterval, b.minBackoff, b.maxBackoff,
            b.bufferWait, b.lease, leaseOwner, b.writers),
        b.threadFactory, b.clock);
    Jdbi journalJdbi = b.journalJdbi != null ? b.journalJdbi : jdbi;
    this.journalWriter = new JournalWriter(journalJdbi, tables, new SchemaGate(journalJdbi, tables, b.migrate), writer,
        new JournalWriter.Settings(b.journalQueueCapacity, b.batchSize, b.journalCommitWait, b.minBackoff,
            b.maxBackoff), b.threadFactory);
    this.journal = new JdbiJournal(jdbi, tables, schema, journalWriter, b.clock);
    this.history = RunHistory.create(jdbi, tables.prefix());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts recording a run. Never blocks on the database and never throws for database trouble. */
  @Override
  public RunRecording open(RunInfo run) {
    return writer.open(Objects.requireNonNull(run, "run"), eventFilter);
  }

  /**
   * The journal in {@code <prefix>member_calls}. {@code record} waits for its group commit at most the
   * journal commit wait and never throws for database trouble; {@code find} blocks on the database.
   */
  @Override
  public MemberCallJournal journal() {
    return journal;
  }

  /**
   * A stored run, for the engine's {@code resume} and {@code rerun}: see {@link RunHistory#resumable}.
   * First waits (up to the close timeout) until every record this recorder accepted is written, so that
   * a run recorded through this recorder is read after its last record. Records still buffered in
   * another recorder (another engine in this JVM, not yet closed) are not waited for: close that engine
   * first. After a crash, what the dead process had not written is lost, and {@code nextSeq} continues
   * from what is stored.
   *
   * @throws CouncilException ({@code TRANSIENT}) when the database cannot be reached
   */
  @Override
  public Optional<ResumableRun> resumable(String runId) {
    Objects.requireNonNull(runId, "runId");
    flushBeforeReading();
    return history.resumable(runId);
  }

  /**
   * Takes ownership of a stored run for this recorder before it is resumed: atomically sets this
   * recorder's lease on the row when no other recorder holds an unexpired one, so of two engines
   * resuming one run exactly one proceeds. A successful claim also surfaces the finished calls the
   * resume will pay for again: those with a stored {@code member_completed} event but no journal row
   * (at risk when the previous process died). They are added to the run's {@code unjournaled_calls},
   * counted in {@link RecorderStats#unjournaledOnResume()} and logged at WARN with the run and members.
   *
   * @throws CouncilException ({@code VALIDATION}) when another live engine owns the run,
   *     naming its node and when its lease runs out; ({@code TRANSIENT}) when the database cannot be reached
   */
  @Override
  public void claim(String runId, String ownerNode) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(ownerNode, "ownerNode");
    schema.ensure();
    String claim = tables.render("""
        UPDATE ${prefix}runs SET lease_owner = :me, lease_expires_at = now() + CAST(:lease AS interval),
          owner_node = :node
        WHERE run_id = :runId AND finished_at IS NULL
          AND (lease_owner IS NULL OR lease_owner = :me OR lease_expires_at < now())""");
    Optional<Map<String, Object>> holder;
    List<String> unjournaled = new ArrayList<>();
    try {
      holder = jdbi.inTransaction(h -> {
        int claimed = h.createUpdate(claim).bind("me", leaseOwner).bind("lease", lease.toMillis() + " milliseconds")
            .bind("node", ownerNode).bind("runId", runId).execute();
        if (claimed == 1) {
          h.createQuery(tables.render(UNJOURNALED_COMPLETIONS)).bind("runId", runId)
              .map((rs, ctx) -> "round " + rs.getInt(1) + ", iteration " + rs.getInt(2) + ", member "
                  + rs.getString(3))
              .forEach(unjournaled::add);
          if (!unjournaled.isEmpty()) {
            h.createUpdate("UPDATE " + tables.runs() + " SET unjournaled_calls = unjournaled_calls + :n"
                + " WHERE run_id = :runId").bind("n", unjournaled.size()).bind("runId", runId).execute();
          }
          return Optional.<Map<String, Object>>empty();
        }
        return h.createQuery("SELECT owner_node, lease_expires_at, finished_at FROM " + tables.runs()
            + " WHERE run_id = :runId").bind("runId", runId).mapToMap().findOne();
      });
    } catch (JdbiException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.TRANSIENT,
          "could not claim run '" + runId + "' in table " + tables.runs() + ": "
              + Failures.describe(e) + "; check that PostgreSQL is reachable"), e);
    }
    if (holder.isEmpty()) {
      if (!unjournaled.isEmpty()) {
        unjournaledOnResume.addAndGet(unjournaled.size());
        LOG.warn("council recorder (tables {}*) resumes run {}: {} finished member call(s) of an earlier life have"
                + " a stored member_completed event but no journal entry (it was at risk when that process"
                + " died), so they are made and paid for again: {}. Added to the run's unjournaled_calls",
            tables.prefix(), runId, unjournaled.size(), unjournaled);
      }
      return;
    }
    Map<String, Object> row = holder.get();
    if (row.get("finished_at") != null) {
      throw ResumeRefusedException.alreadyFinished(runId);
    }
    throw new ResumeRefusedException(runId, ResumeRefusedException.Reason.OWNED_ELSEWHERE, "run '" + runId
        + "' is owned by another live engine (node " + row.get("owner_node") + ", lease until "
        + row.get("lease_expires_at") + "): it is not resumed here, so that it does not run twice. Resume it"
        + " once that engine has stopped (its lease lapses at most " + lease + " after it stopped renewing;"
        + " council.recorder.jdbi.lease)");
  }

  /**
   * Ids of the runs {@code ownerNode} left {@code RUNNING}, oldest first: the runs a recovery at start-up
   * resumes or marks stuck. Runs stopped with their engine are among them; terminated runs are not.
   *
   * @throws CouncilException ({@code TRANSIENT}) when the database cannot be reached
   */
  @Override
  public List<String> unfinishedRuns(String ownerNode) {
    Objects.requireNonNull(ownerNode, "ownerNode");
    schema.ensure();
    return history.runningRunsOwnedBy(ownerNode);
  }

  /**
   * Marks the run {@code STUCK} if it is {@code RUNNING} and no other live engine holds its lease, after
   * writing what this recorder still buffers (so that a buffered opening cannot set it back to running).
   * Synchronous.
   *
   * @throws CouncilException ({@code TRANSIENT}) when the database cannot be reached
   */
  @Override
  public void markStuck(String runId) {
    Objects.requireNonNull(runId, "runId");
    flushBeforeReading();
    int marked;
    try {
      marked = jdbi.withHandle(h -> h.createUpdate("UPDATE " + tables.runs() + " SET status = 'STUCK'"
              + " WHERE run_id = :runId AND status = 'RUNNING' AND (lease_owner IS NULL OR lease_owner = :me"
              + " OR lease_expires_at < now())")
          .bind("runId", runId).bind("me", leaseOwner).execute());
    } catch (JdbiException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.TRANSIENT,
          "could not mark run '" + runId + "' stuck in table " + tables.runs() + ": "
              + Failures.describe(e) + "; check that PostgreSQL is reachable"), e);
    }
    if (marked == 1) {
      LOG.info("council recorder (tables {}*) marked run {} STUCK", tables.prefix(), runId);
    } else {
      LOG.info("council recorder (tables {}*) left run {} as it is: it is not RUNNING, or another live engine"
          + " holds its lease", tables.prefix(), runId);
    }
  }

  /**
   * Checks now, on a thread of its own and within {@code timeout}, that this recorder can work: that it
   * gets a connection, that the schema is in place (migrated, or checked when migrate is off), and that
   * its user may read, insert, update and delete rows of the council tables. Meant for start-up, so that a
   * wrong password, an unreachable server or missing privileges are reported then, not found out
   * from runs that were silently not stored.
   *
   * <p>A problem found is also kept: {@link #problem()} reports it (and the engine adds it to every run's
   * result) until this recorder writes a record; meanwhile journal callers do not wait for commits.
   * The recorder stays usable: records are buffered and retried as always, and written once the
   * database accepts them.
   *
   * @return what is wrong and how to fix it (never a password), or empty when the recorder can work
   */
  public Optional<String> check(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    java.util.concurrent.FutureTask<Optional<String>> task = new java.util.concurrent.FutureTask<>(this::checkNow);
    Thread thread = Thread.ofPlatform().daemon().name("council-recorder-jdbi-check").start(task);
    Optional<String> problem;
    try {
      problem = task.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      thread.interrupt();
      problem = Optional.of("PostgreSQL did not answer within " + timeout + " (connecting, preparing the schema"
          + " and checking privileges): check that the server is running and reachable, or allow the check"
          + " more time");
    } catch (java.util.concurrent.ExecutionException e) {
      problem = Optional.of("the check failed: " + Failures.describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
      problem = Optional.of("the check was interrupted");
    }
    problem.ifPresent(p -> {
      checkProblem = "the council recorder (tables " + tables.prefix() + "*) cannot store runs: " + p;
      journalWriter.assumeFailing();
    });
    return problem;
  }

  /**
   * Why runs are probably not being stored right now, if they are not: what {@link #check} found wrong,
   * while nothing has been written since; otherwise a write outage in progress (the database went away
   * after start-up and the event writers' last attempts failed: since when, why, and how much is buffered
   * for the retries). Empty while writes succeed, and again as soon as one does. Non-blocking: it reports
   * what the writers already know, so a database that goes away while nothing is being recorded is noticed
   * at the next write.
   */
  @Override
  public Optional<String> problem() {
    String problem = checkProblem;
    if (problem != null) {
      if (writer.stats().written() == 0 && journalWriter.counts().written() == 0) {
        return Optional.of(problem);
      }
      checkProblem = null;
      LOG.info("council recorder (tables {}*) is writing to PostgreSQL: the problem found at start-up is gone",
          tables.prefix());
    }
    return writer.outage();
  }

  private Optional<String> checkNow() {
    try {
      jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    } catch (JdbiException e) {
      return Optional.of("cannot connect to PostgreSQL: " + Failures.describe(e)
          + advice(e));
    }
    try {
      schema.ensure();
    } catch (CouncilException e) {
      return Optional.of(e.getMessage() + advice(e));
    }
    List<String> missing = new ArrayList<>();
    try {
      jdbi.useHandle(h -> {
        String user = h.createQuery("SELECT current_user").mapTo(String.class).one();
        for (String table : List.of(tables.runs(), tables.runEvents(), tables.memberCalls())) {
          for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE")) {
            boolean granted = h.createQuery("SELECT has_table_privilege(:table, :privilege)").bind("table", table)
                .bind("privilege", privilege).mapTo(Boolean.class).one();
            if (!granted) {
              missing.add("GRANT " + privilege + " ON " + table + " TO " + user);
            }
          }
        }
      });
    } catch (JdbiException e) {
      return Optional.of("cannot check the privileges on the council tables: "
          + Failures.describe(e) + advice(e));
    }
    if (!missing.isEmpty()) {
      return Optional.of("the database user lacks privileges on the council tables; grant them: "
          + String.join("; ", missing));
    }
    return Optional.empty();
  }

  /** How to fix a failure, from its SQLSTATE class, as a sentence starting with "; " (or empty). */
  private static String advice(Throwable failure) {
    String state = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        state = sql.getSQLState();
      }
    }
    if (state == null) {
      return "";
    }
    if (state.startsWith("28")) {
      return "; check the user name and password";
    }
    if (state.startsWith("08")) {
      return "; check that PostgreSQL is running and listening at the URL's host and port";
    }
    if (state.equals("3D000")) {
      return "; create the database or correct the URL";
    }
    if (state.equals("42501")) {
      return "; the user needs the CREATE privilege on the schema to create the council tables (e.g. GRANT"
          + " CREATE ON SCHEMA <schema> TO <user>), or create them beforehand (CouncilSchema.sql) and turn"
          + " migrate off";
    }
    return "";
  }

  /** Queries over what this recorder wrote, through the same connections and table prefix. */
  public RunHistory history() {
    return history;
  }

  /** A snapshot of the recorder's counters: the event writer's and the journal's. Non-blocking. */
  public RecorderStats stats() {
    RecorderStats e = writer.stats();
    JournalWriter.Counts j = journalWriter.counts();
    return new RecorderStats(e.written(), e.pending(), e.dropped(), e.failures(), e.conflicted(), j.written(),
        j.pending(), j.deferred(), j.atRisk(), j.lost(), j.failures(), e.leasesLost(), j.fenced(),
        unjournaledOnResume.get());
  }

  /**
   * Migrates the schema (or checks it, when migrate is off) now, on the calling thread, so that an
   * application can fail fast at start-up. Otherwise this happens before the first write.
   *
   * @throws CouncilException when the database is unreachable or the tables are missing
   */
  public void prepareSchema() {
    schema.ensure();
  }

  /**
   * Has the writer write every record accepted before this call now, without waiting for the flush
   * interval, and waits until they are written to PostgreSQL (or dropped), and until every journal entry
   * queued before this call is written (or lost).
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitFlushed(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean journaled = journalWriter.awaitDrained(timeout);
    return writer.awaitFlushed(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))) && journaled;
  }

  /**
   * Stops accepting records, waits up to the close timeout for the buffer to drain, abandons (and
   * counts as dropped) whatever is left, and closes the data source if this recorder owns it.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    journalWriter.close(closeTimeout);
    writer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    RecorderStats stats = stats();
    if (stats.dropped() > 0) {
      LOG.warn("council recorder (tables {}*) closed; {} record(s) written, {} dropped", tables.prefix(),
          stats.written(), stats.dropped());
    }
    if (stats.journalLost() > 0) {
      LOG.error("council recorder (tables {}*) closed; {} journal entr(ies) lost over its life: a resume makes"
          + " those calls again (see the runs' unjournaled_calls)", tables.prefix(), stats.journalLost());
    }
    for (DataSource owned : new DataSource[] {ownedJournalDataSource, ownedDataSource}) {
      if (owned instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("council recorder could not close its connection pool", e);
        }
      }
    }
  }

  private void flushBeforeReading() {
    schema.ensure();
    if (!writer.awaitFlushed(closeTimeout)) {
      LOG.warn("council recorder (tables {}*) could not write its buffer within {}; reading the stored runs"
          + " without the records still buffered", tables.prefix(), closeTimeout);
    }
  }

  @Override
  public String toString() {
    return "JdbiRecorder{tablePrefix=" + tables.prefix() + ", migrate=" + migrate + ", events=" + eventFilter
        + ", bufferCapacity=" + bufferCapacity + ", " + writer.stats() + "}";
  }

  /**
   * Configures a {@link JdbiRecorder}. Give exactly one of {@link #dataSource} and {@link #jdbi}; every
   * other setting has a documented default. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable Jdbi jdbi;
    private @Nullable Jdbi journalJdbi;
    private @Nullable DataSource journalDataSource;
    private boolean closeDataSource;
    private int journalQueueCapacity = DEFAULT_JOURNAL_QUEUE_CAPACITY;
    private Duration journalCommitWait = DEFAULT_JOURNAL_COMMIT_WAIT;
    private Duration bufferWait = DEFAULT_BUFFER_WAIT;
    private Duration lease = DEFAULT_LEASE;
    private String tablePrefix = DEFAULT_TABLE_PREFIX;
    private boolean migrate = true;
    private EventFilter eventFilter = EventFilter.DEFAULT;
    private int bufferCapacity = DEFAULT_BUFFER_CAPACITY;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int writers = DEFAULT_WRITERS;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private Duration minBackoff = DEFAULT_MIN_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private ThreadFactory threadFactory = Thread.ofPlatform().daemon().name("council-recorder-jdbi-", 0).factory();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Connections come from this data source (the application's pool). */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** Connections come from this Jdbi (with whatever configuration it carries). */
    public Builder jdbi(Jdbi jdbi) {
      this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
      return this;
    }

    /**
     * The journal writer's own connections, so that journal and event writes never wait for each
     * other's connections (e.g. a pool of one or two connections). Default: the main connection source;
     * the journal writer then uses at most one of its connections at a time. Closed with the recorder
     * when {@link #closeDataSource} is set and it is {@link AutoCloseable}.
     */
    public Builder journalDataSource(DataSource journalDataSource) {
      this.journalDataSource = Objects.requireNonNull(journalDataSource, "journalDataSource");
      this.journalJdbi = Jdbi.create(journalDataSource);
      return this;
    }

    /** The journal writer's own connections as a Jdbi; see {@link #journalDataSource}. */
    public Builder journalJdbi(Jdbi journalJdbi) {
      this.journalJdbi = Objects.requireNonNull(journalJdbi, "journalJdbi");
      this.journalDataSource = null;
      return this;
    }

    /**
     * How long a journal {@code record} waits for its entry's commit at most; default 1 s. Past it the
     * run goes on and the entry stays queued (at risk until written). While the journal is failing,
     * callers do not wait at all.
     */
    public Builder journalCommitWait(Duration journalCommitWait) {
      this.journalCommitWait = Objects.requireNonNull(journalCommitWait, "journalCommitWait");
      return this;
    }

    /**
     * Journal entries queued at most, waiting for or being written; default
     * {@value JdbiRecorder#DEFAULT_JOURNAL_QUEUE_CAPACITY}. An entry beyond it is lost and counted.
     */
    public Builder journalQueueCapacity(int journalQueueCapacity) {
      this.journalQueueCapacity = journalQueueCapacity;
      return this;
    }

    /** Whether {@link #close()} also closes the data source (when it is {@link AutoCloseable}); default false. */
    public Builder closeDataSource(boolean closeDataSource) {
      this.closeDataSource = closeDataSource;
      return this;
    }

    /** The prefix of every table name; default {@value JdbiRecorder#DEFAULT_TABLE_PREFIX}. Must match {@code [a-z_][a-z0-9_]{0,40}}. */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = Objects.requireNonNull(tablePrefix, "tablePrefix");
      return this;
    }

    /** Whether to create or upgrade the schema before the first write; default true. */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /** Which events are stored; default {@link EventFilter#DEFAULT} (all but {@code member_token}). */
    public Builder eventFilter(EventFilter eventFilter) {
      this.eventFilter = Objects.requireNonNull(eventFilter, "eventFilter");
      return this;
    }

    /** Events held while the database is slow or down; default {@value JdbiRecorder#DEFAULT_BUFFER_CAPACITY}. */
    public Builder bufferCapacity(int bufferCapacity) {
      this.bufferCapacity = bufferCapacity;
      return this;
    }

    /**
     * How long an event waits for room when the buffer is full and the writer writes nothing, default
     * 5 s: backpressure while the writer is behind but healthy (a burst). Each batch the writer commits
     * restarts the wait, up to ten times this value in all. While the writer is failing (the database is
     * down), and after a wait that saw no progress until the writer writes again, a full buffer drops new
     * events at once, so a run never waits for an absent or hung database more than once. Zero drops at
     * once.
     */
    public Builder bufferWait(Duration bufferWait) {
      this.bufferWait = Objects.requireNonNull(bufferWait, "bufferWait");
      return this;
    }

    /**
     * How long a run's ownership lasts without renewal; default 10 s. This recorder renews the lease of
     * every unfinished run it opened every third of it; {@link JdbiRecorder#claim} refuses a run whose
     * lease another recorder holds and that has not expired. After a crash, the run can be resumed
     * elsewhere once the lease has run out.
     */
    public Builder lease(Duration lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /** Records written per transaction at most; default {@value JdbiRecorder#DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Event writer threads; default {@value JdbiRecorder#DEFAULT_WRITERS}. Each writes the runs whose id
     * falls to it (a run's records always to the same writer, in order), in its own transactions, holding
     * one connection of the data source while it writes: size the pool for {@code writers} plus the
     * connections reads and lease renewal need.
     */
    public Builder writers(int writers) {
      this.writers = writers;
      return this;
    }

    /** How long a partial batch waits for more records; default 50 ms. Zero writes at once. */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = Objects.requireNonNull(flushInterval, "flushInterval");
      return this;
    }

    /** The first and the longest wait between retries of a failed write; default 100 ms and 5 s. */
    public Builder retryBackoff(Duration min, Duration max) {
      this.minBackoff = Objects.requireNonNull(min, "min");
      this.maxBackoff = Objects.requireNonNull(max, "max");
      return this;
    }

    /** How long {@link #close()} waits for the buffer to drain; default 10 s. */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
      return this;
    }

    /**
     * Creates the writer threads (the event writers, the journal writer, the lease keeper); default
     * platform daemon threads named {@code council-recorder-jdbi-<n>}. Platform threads are scheduled by
     * the operating system, so a burst of CPU-bound virtual threads (runs) cannot starve the writers and
     * fill the buffer.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /** The clock for journal rows and the finish time of stopped runs; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the recorder. Does no I/O.
     *
     * @throws ConfigException listing every invalid setting
     */
    public JdbiRecorder build() {
      List<String> problems = new ArrayList<>();
      if ((dataSource == null) == (jdbi == null)) {
        problems.add("JdbiRecorder needs exactly one connection source: call builder().dataSource(ds) or"
            + " builder().jdbi(jdbi)");
      }
      if (closeDataSource && dataSource == null) {
        problems.add("closeDataSource(true) needs a dataSource(ds) to close");
      }
      try {
        Tables.checkPrefix(tablePrefix);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
      if (bufferCapacity < 1) {
        problems.add("bufferCapacity must be at least 1, was " + bufferCapacity);
      }
      if (batchSize < 1) {
        problems.add("batchSize must be at least 1, was " + batchSize);
      }
      if (writers < 1) {
        problems.add("writers must be at least 1, was " + writers);
      }
      if (flushInterval.isNegative()) {
        problems.add("flushInterval must not be negative, was " + flushInterval);
      }
      if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
        problems.add("retryBackoff needs 0 < min <= max, was min " + minBackoff + ", max " + maxBackoff);
      }
      if (journalQueueCapacity < 1) {
        problems.add("journalQueueCapacity must be at least 1, was " + journalQueueCapacity);
      }
      if (lease.compareTo(Duration.ofMillis(300)) < 0) {
        problems.add("lease must be at least 300ms, was " + lease);
      }
      if (bufferWait.isNegative()) {
        problems.add("bufferWait must not be negative, was " + bufferWait);
      }
      if (journalCommitWait.isNegative()) {
        problems.add("journalCommitWait must not be negative, was " + journalCommitWait);
      }
      if (closeTimeout.isNegative()) {
        problems.add("closeTimeout must not be negative, was " + closeTimeout);
      }
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      Jdbi source = jdbi != null ? jdbi : Jdbi.create(Objects.requireNonNull(dataSource));
      return new JdbiRecorder(this, source, Tables.of(tablePrefix));
    }
  }
}
