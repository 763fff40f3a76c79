package dev.council.recorder.jdbi;

import dev.council.api.config.ConfigException;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunRecording;
import dev.council.recorder.jdbi.internal.EventWriter;
import dev.council.recorder.jdbi.internal.JdbiJournal;
import dev.council.recorder.jdbi.internal.SchemaGate;
import dev.council.recorder.jdbi.internal.Tables;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jdbi} recorder: run history and the member-call journal in PostgreSQL.
 *
 * <p><b>Recording.</b> {@link #open} returns the run's single writer. Its {@code onEvent} and
 * {@code finish} only put records in a bounded buffer (never blocking on the database, never
 * throwing); one writer thread (virtual by default) drains it in batches, in order. While PostgreSQL is
 * down the writer retries with exponential backoff and the buffer holds up to
 * {@link Builder#bufferCapacity} events, which are all written when the database returns; a run's
 * opening and outcome are always kept. Events that do not fit are dropped, counted in {@link #stats()}
 * and the run's {@code dropped_events}, and logged at WARN. See {@code docs/persistence.md}.
 *
 * <p><b>Journal.</b> {@link #journal()} writes synchronously: {@code record} returns after the commit.
 *
 * <p><b>Schema.</b> With {@code migrate(true)} (the default) the schema is created or upgraded before
 * the first write, under an advisory lock; otherwise its tables must exist ({@link CouncilSchema#sql}).
 * Building does no I/O: the writer thread starts with the first run, and the schema is prepared on
 * first use or by {@link #prepareSchema()}.
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
  /** How long a partial batch waits for more records by default. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(50);
  /** The first wait after a failed write, by default; it doubles up to {@link #DEFAULT_MAX_BACKOFF}. */
  public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
  /** The longest wait between write retries, by default. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
  /** How long {@link #close()} waits for the buffer to drain, by default. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(JdbiRecorder.class);

  private final Jdbi jdbi;
  private final Tables tables;
  private final boolean migrate;
  private final EventFilter eventFilter;
  private final EventWriter writer;
  private final JdbiJournal journal;
  private final SchemaGate schema;
  private final Duration closeTimeout;
  private final @Nullable DataSource ownedDataSource;
  private final int bufferCapacity;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdbiRecorder(Builder b, Jdbi jdbi, Tables tables) {
    this.jdbi = jdbi;
    this.tables = tables;
    this.migrate = b.migrate;
    this.eventFilter = b.eventFilter;
    this.closeTimeout = b.closeTimeout;
    this.bufferCapacity = b.bufferCapacity;
    this.ownedDataSource = b.closeDataSource ? b.dataSource : null;
    this.schema = new SchemaGate(jdbi, tables, b.migrate);
    this.writer = new EventWriter(jdbi, tables, schema,
        new EventWriter.Settings(b.bufferCapacity, b.batchSize, b.flushInterval, b.minBackoff, b.maxBackoff),
        b.threadFactory, b.clock);
    this.journal = new JdbiJournal(jdbi, tables, schema, b.clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts recording a run. Never blocks on the database and never throws for database trouble. */
  @Override
  public RunRecording open(RunInfo run) {
    return writer.open(Objects.requireNonNull(run, "run"), eventFilter);
  }

  /** The journal in {@code <prefix>member_calls}; synchronous, throws when the database is unreachable. */
  @Override
  public MemberCallJournal journal() {
    return journal;
  }

  /** Queries over what this recorder wrote, through the same connections and table prefix. */
  public RunHistory history() {
    return RunHistory.create(jdbi, tables.prefix());
  }

  /** A snapshot of the recorder's counters. Non-blocking. */
  public RecorderStats stats() {
    return writer.stats();
  }

  /**
   * Migrates the schema (or checks it, when migrate is off) now, on the calling thread, so that an
   * application can fail fast at start-up. Otherwise this happens before the first write.
   *
   * @throws dev.council.api.CouncilException when the database is unreachable or the tables are missing
   */
  public void prepareSchema() {
    schema.ensure();
  }

  /**
   * Waits until every record accepted before this call is written to PostgreSQL (or dropped).
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitFlushed(Duration timeout) {
    return writer.awaitFlushed(Objects.requireNonNull(timeout, "timeout"));
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
    writer.close(closeTimeout);
    RecorderStats stats = writer.stats();
    if (stats.dropped() > 0) {
      LOG.warn("council recorder (tables {}*) closed; {} record(s) written, {} dropped", tables.prefix(),
          stats.written(), stats.dropped());
    }
    if (ownedDataSource instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("council recorder could not close its connection pool", e);
      }
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
    private boolean closeDataSource;
    private String tablePrefix = DEFAULT_TABLE_PREFIX;
    private boolean migrate = true;
    private EventFilter eventFilter = EventFilter.DEFAULT;
    private int bufferCapacity = DEFAULT_BUFFER_CAPACITY;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private Duration minBackoff = DEFAULT_MIN_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private ThreadFactory threadFactory = Thread.ofVirtual().name("council-recorder-jdbi-", 0).factory();
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

    /** Records written per transaction at most; default {@value JdbiRecorder#DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
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

    /** Creates the writer thread; default virtual threads named {@code council-recorder-jdbi-<n>}. */
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
      if (flushInterval.isNegative()) {
        problems.add("flushInterval must not be negative, was " + flushInterval);
      }
      if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
        problems.add("retryBackoff needs 0 < min <= max, was min " + minBackoff + ", max " + maxBackoff);
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
