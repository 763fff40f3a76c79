package dev.council.recorder.jdbi.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.config.Secret;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RecorderFactory;
import dev.council.recorder.jdbi.EventFilter;
import dev.council.recorder.jdbi.JdbiRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Creates the {@code jdbi} recorder ({@code council.recorder=jdbi}) from configuration, with its own
 * HikariCP pool. Stateless; {@link #create} connects once to check the database (see below).
 *
 * <p>Keys: {@code council.jdbc.url} (required), {@code council.jdbc.user}, {@code council.jdbc.password}
 * (a secret, never logged), {@code council.jdbc.pool-size} (default 4),
 * {@code council.jdbc.connection-timeout} (default 5s), {@code council.recorder.jdbi.table-prefix}
 * (default {@code council_}), {@code council.recorder.jdbi.migrate} (default true),
 * {@code council.recorder.jdbi.events} (default {@code exclude:member_token}),
 * {@code council.recorder.jdbi.buffer-capacity}, {@code council.recorder.jdbi.batch-size},
 * {@code council.recorder.jdbi.writers} (default 2: event writer threads, each holding a connection while it
 * writes),
 * {@code council.recorder.jdbi.flush-interval}, {@code council.recorder.jdbi.close-timeout},
 * {@code council.jdbc.journal.pool-size} (default 1: the journal writer's own pool),
 * {@code council.recorder.jdbi.journal.commit-wait} (default 1s), {@code council.recorder.jdbi.journal.queue-capacity}
 * (default 10000), {@code council.recorder.jdbi.buffer-wait} (default 5s), {@code council.recorder.jdbi.lease} (default 10s),
 * {@code council.recorder.jdbi.on-start-failure} ({@code fail}, the default, or {@code warn}, the default with a
 * shared data source),
 * {@code council.recorder.jdbi.start-timeout} (default 10s).
 *
 * <p><b>Start-up check.</b> {@link #create} checks that the recorder can work before returning it: it
 * logs in (straight through the driver, so a refused password or an unreachable server is known at once),
 * then prepares the schema and checks the user's privileges on the tables ({@link JdbiRecorder#check}),
 * all within the start timeout. With {@code on-start-failure=fail} a problem fails the engine's start with
 * a {@link ConfigException} naming the URL and user (never the password); with {@code warn} it is logged at
 * ERROR, the recorder is returned, and every run's result carries the problem
 * ({@code ResultMetadata.RECORDER_PROBLEM}) until the recorder writes.
 *
 * <p>When the configuration shares a {@link DataSource} ({@link CouncilConfig#shared}, e.g. the application's
 * pool in Spring Boot), the recorder and its journal take connections from it instead: no pool is created,
 * the {@code council.jdbc.*} keys are not read, and the data source is never closed by the recorder.
 */
public final class JdbiRecorderFactory implements RecorderFactory {
  public static final String NAME = "jdbi";

  public static final String URL = "council.jdbc.url";
  public static final String USER = "council.jdbc.user";
  public static final String PASSWORD = "council.jdbc.password";
  public static final String POOL_SIZE = "council.jdbc.pool-size";
  public static final String CONNECTION_TIMEOUT = "council.jdbc.connection-timeout";
  public static final String TABLE_PREFIX = "council.recorder.jdbi.table-prefix";
  public static final String MIGRATE = "council.recorder.jdbi.migrate";
  public static final String EVENTS = "council.recorder.jdbi.events";
  public static final String BUFFER_CAPACITY = "council.recorder.jdbi.buffer-capacity";
  public static final String BATCH_SIZE = "council.recorder.jdbi.batch-size";
  public static final String WRITERS = "council.recorder.jdbi.writers";
  public static final String FLUSH_INTERVAL = "council.recorder.jdbi.flush-interval";
  public static final String CLOSE_TIMEOUT = "council.recorder.jdbi.close-timeout";
  public static final String BUFFER_WAIT = "council.recorder.jdbi.buffer-wait";
  public static final String LEASE = "council.recorder.jdbi.lease";
  public static final String JOURNAL_POOL_SIZE = "council.jdbc.journal.pool-size";
  public static final String JOURNAL_COMMIT_WAIT = "council.recorder.jdbi.journal.commit-wait";
  public static final String JOURNAL_QUEUE_CAPACITY = "council.recorder.jdbi.journal.queue-capacity";
  public static final String ON_START_FAILURE = "council.recorder.jdbi.on-start-failure";
  public static final String START_TIMEOUT = "council.recorder.jdbi.start-timeout";

  /** How long the start-up check may take when {@value #START_TIMEOUT} is not set. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);

  /** Connections in the journal writer's own pool when {@value #JOURNAL_POOL_SIZE} is not set. */
  public static final int DEFAULT_JOURNAL_POOL_SIZE = 1;

  /** Connections in the pool when {@value #POOL_SIZE} is not set. */
  public static final int DEFAULT_POOL_SIZE = 4;
  /** How long a caller waits for a pooled connection when {@value #CONNECTION_TIMEOUT} is not set. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JdbiRecorderFactory.class);
  private static final String POOL_NAME = "council-recorder-jdbi";
  private static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws ConfigException listing every problem with the configuration at once
   */
  @Override
  public Recorder create(CouncilConfig config) {
    DataSource shared = config.shared(DataSource.class).orElse(null);
    Settings s = read(config, shared == null);
    JdbiRecorder.Builder builder = JdbiRecorder.builder();
    if (shared != null) {
      builder.dataSource(shared);
    } else {
      builder.dataSource(pool(s, POOL_NAME, s.poolSize()))
          .journalDataSource(pool(s, POOL_NAME + "-journal", s.journalPoolSize()))
          .closeDataSource(true);
    }
    JdbiRecorder recorder = builder
        .journalCommitWait(s.journalCommitWait())
        .bufferWait(s.bufferWait())
        .lease(s.lease())
        .journalQueueCapacity(s.journalQueueCapacity())
        .tablePrefix(s.tablePrefix())
        .migrate(s.migrate())
        .eventFilter(s.events())
        .bufferCapacity(s.bufferCapacity())
        .batchSize(s.batchSize())
        .writers(s.writers())
        .flushInterval(s.flushInterval())
        .closeTimeout(s.closeTimeout())
        .build();
    checkAtStart(recorder, s, shared == null);
    return recorder;
  }

  /**
   * The start-up check: a problem fails the start (closing the recorder) or, with
   * {@code on-start-failure=warn}, is logged at ERROR and left for {@link JdbiRecorder#problem()}.
   */
  private static void checkAtStart(JdbiRecorder recorder, Settings s, boolean ownPool) {
    Optional<String> problem = ownPool ? login(s) : Optional.empty();
    if (problem.isEmpty() || s.warnOnly()) {
      // with warn, the recorder also learns of the problem (reported on results until it writes)
      Optional<String> checked = recorder.check(s.startTimeout());
      problem = problem.or(() -> checked);
    }
    if (problem.isEmpty()) {
      return;
    }
    String where = ownPool
        ? "PostgreSQL at " + URL + "=" + redacted(s.url()) + " as " + USER + "=" + (s.user() == null ? "(not set)" : s.user())
        : "the application's shared DataSource";
    String message = "council.recorder is 'jdbi' but the recorder cannot work with " + where + ": " + problem.get()
        + (ownPool ? ". Check " + URL + ", " + USER + " and " + PASSWORD : "");
    if (s.warnOnly()) {
      LOG.error("{}. The engine starts anyway ({}=warn): runs are not stored until the database accepts writes,"
          + " and every run's result carries this problem (metadata '{}')", message, ON_START_FAILURE,
          dev.council.api.ResultMetadata.RECORDER_PROBLEM);
      return;
    }
    recorder.close();
    throw new ConfigException(List.of(message + "; or set " + ON_START_FAILURE + "=warn to start the engine"
        + " anyway, without storing runs until the database accepts writes"));
  }

  /** Logs in once straight through the driver: a refused login or an unreachable server is known at once. */
  private static Optional<String> login(Settings s) {
    java.util.Properties props = new java.util.Properties();
    if (s.user() != null) {
      props.setProperty("user", s.user());
    }
    if (s.password() != null) {
      props.setProperty("password", s.password().reveal());
    }
    String seconds = String.valueOf(Math.max(1, (s.startTimeout().toMillis() + 999) / 1000));
    props.setProperty("connectTimeout", seconds);
    props.setProperty("loginTimeout", seconds);
    props.setProperty("socketTimeout", seconds);
    try (java.sql.Connection c = new org.postgresql.Driver().connect(s.url(), props)) {
      return c == null ? Optional.of("the PostgreSQL driver does not accept the URL") : Optional.empty();
    } catch (java.sql.SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      String advice = state.startsWith("28") ? "; check the user name and password"
          : state.startsWith("08") ? "; check that PostgreSQL is running and listening at the URL's host and port"
          : state.equals("3D000") ? "; create the database or correct the URL" : "";
      return Optional.of("cannot connect: " + Failures.describe(e) + advice);
    }
  }

  /** The URL with the value of any password parameter hidden. */
  static String redacted(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static HikariDataSource pool(Settings s, String name, int size) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName(name);
    pool.setJdbcUrl(s.url());
    if (s.user() != null) {
      pool.setUsername(s.user());
    }
    if (s.password() != null) {
      pool.setPassword(s.password().reveal());
    }
    pool.setMaximumPoolSize(size);
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(s.connectionTimeout().toMillis());
    pool.setInitializationFailTimeout(-1);
    return pool;
  }

  private static Settings read(CouncilConfig config, boolean needsUrl) {
    List<String> problems = new ArrayList<>();
    String url = config.get(URL).orElse("");
    if (!needsUrl) {
      // connections come from the shared data source
    } else if (url.isEmpty()) {
      problems.add("council.recorder is 'jdbi' but " + URL + " is not set: set it to the PostgreSQL JDBC URL,"
          + " e.g. jdbc:postgresql://127.0.0.1:5432/council (system property -D" + URL + "=..., environment"
          + " variable " + CouncilConfig.envName(URL) + ", or council.properties)");
    } else if (!url.startsWith("jdbc:postgresql:")) {
      problems.add(URL + " is '" + url + "' but must be a PostgreSQL JDBC URL starting with"
          + " jdbc:postgresql:, e.g. jdbc:postgresql://127.0.0.1:5432/council");
    }
    String prefix = config.getString(TABLE_PREFIX, JdbiRecorder.DEFAULT_TABLE_PREFIX);
    if (!prefix.matches(Tables.PREFIX_PATTERN)) {
      problems.add(TABLE_PREFIX + ": " + Tables.problem(prefix));
    }
    EventFilter events = collect(problems, EVENTS,
        () -> config.get(EVENTS).map(EventFilter::parse).orElse(EventFilter.DEFAULT), EventFilter.DEFAULT);
    int poolSize = collect(problems, null, () -> positive(config, POOL_SIZE, DEFAULT_POOL_SIZE), 1);
    Duration connectionTimeout = collect(problems, null,
        () -> atLeast(config, CONNECTION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT, MIN_CONNECTION_TIMEOUT), Duration.ZERO);
    boolean migrate = collect(problems, null, () -> config.getBoolean(MIGRATE, true), true);
    int bufferCapacity = collect(problems, null,
        () -> positive(config, BUFFER_CAPACITY, JdbiRecorder.DEFAULT_BUFFER_CAPACITY), 1);
    int batchSize = collect(problems, null, () -> positive(config, BATCH_SIZE, JdbiRecorder.DEFAULT_BATCH_SIZE), 1);
    int writers = collect(problems, null, () -> positive(config, WRITERS, JdbiRecorder.DEFAULT_WRITERS), 1);
    Duration flushInterval = collect(problems, null,
        () -> atLeast(config, FLUSH_INTERVAL, JdbiRecorder.DEFAULT_FLUSH_INTERVAL, Duration.ZERO), Duration.ZERO);
    Duration closeTimeout = collect(problems, null,
        () -> atLeast(config, CLOSE_TIMEOUT, JdbiRecorder.DEFAULT_CLOSE_TIMEOUT, Duration.ZERO), Duration.ZERO);
    int journalPoolSize = collect(problems, null,
        () -> positive(config, JOURNAL_POOL_SIZE, DEFAULT_JOURNAL_POOL_SIZE), 1);
    Duration journalCommitWait = collect(problems, null,
        () -> atLeast(config, JOURNAL_COMMIT_WAIT, JdbiRecorder.DEFAULT_JOURNAL_COMMIT_WAIT, Duration.ZERO),
        Duration.ZERO);
    int journalQueueCapacity = collect(problems, null,
        () -> positive(config, JOURNAL_QUEUE_CAPACITY, JdbiRecorder.DEFAULT_JOURNAL_QUEUE_CAPACITY), 1);
    Duration bufferWait = collect(problems, null,
        () -> atLeast(config, BUFFER_WAIT, JdbiRecorder.DEFAULT_BUFFER_WAIT, Duration.ZERO), Duration.ZERO);
    Duration lease = collect(problems, null,
        () -> atLeast(config, LEASE, JdbiRecorder.DEFAULT_LEASE, Duration.ofMillis(300)), Duration.ZERO);
    Duration startTimeout = collect(problems, null,
        () -> atLeast(config, START_TIMEOUT, DEFAULT_START_TIMEOUT, Duration.ofMillis(100)), Duration.ZERO);
    // The recorder's own pool: nothing else would tell; a shared data source: the application owns it, starts
    // while its database is away if it wants to, and reports that in its own health checks.
    String onStartFailure = config.getString(ON_START_FAILURE, needsUrl ? "fail" : "warn")
        .toLowerCase(java.util.Locale.ROOT);
    if (!onStartFailure.equals("fail") && !onStartFailure.equals("warn")) {
      problems.add(ON_START_FAILURE + " is '" + onStartFailure + "' but must be fail (a recorder"
          + " that cannot work fails the engine's start) or warn (the engine starts, logs an ERROR and reports"
          + " the problem on every run's result)");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Settings(url, config.get(USER).orElse(null), config.getSecret(PASSWORD).orElse(null), poolSize,
        connectionTimeout, prefix, migrate, events, bufferCapacity, batchSize, flushInterval, closeTimeout,
        journalPoolSize, journalCommitWait, journalQueueCapacity, bufferWait, lease, writers, startTimeout,
        onStartFailure.equals("warn"));
  }

  /** The getter's value, or {@code fallback} after adding its problems (prefixed by {@code key} when given). */
  private static <T> T collect(List<String> problems, @Nullable String key, Supplier<T> getter, T fallback) {
    try {
      return getter.get();
    } catch (ConfigException e) {
      e.problems().forEach(p -> problems.add(key == null ? p : key + ": " + p));
      return fallback;
    }
  }

  private static int positive(CouncilConfig config, String key, int fallback) {
    int value = config.getInt(key, fallback);
    if (value < 1) {
      throw new ConfigException(List.of(key + " is " + value + " but must be at least 1"));
    }
    return value;
  }

  private static Duration atLeast(CouncilConfig config, String key, Duration fallback, Duration min) {
    Duration value = config.getDuration(key, fallback);
    if (value.compareTo(min) < 0) {
      throw new ConfigException(List.of(key + " is " + value + " but must be at least " + min));
    }
    return value;
  }

  /** The validated configuration. The password stays a {@link Secret} until handed to the pool. */
  private record Settings(String url, @Nullable String user, @Nullable Secret password, int poolSize,
      Duration connectionTimeout, String tablePrefix, boolean migrate, EventFilter events, int bufferCapacity,
      int batchSize, Duration flushInterval, Duration closeTimeout, int journalPoolSize,
      Duration journalCommitWait, int journalQueueCapacity, Duration bufferWait, Duration lease, int writers,
      Duration startTimeout, boolean warnOnly) {}

  @Override
  public String toString() {
    return "JdbiRecorderFactory{" + NAME + "}";
  }
}
