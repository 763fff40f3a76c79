package dev.council.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.json.JsonMapping;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.RunHistory;
import dev.council.recorder.jdbi.RunQuery;
import dev.council.recorder.jdbi.StoredRun;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link PastRuns} over the PostgreSQL recorder's tables ({@link RunHistory}). Needs {@code
 * council-recorder-jdbi} on the class path. Thread-safe; every method blocks on the database. Close it when
 * it was made {@link #fromConfig from configuration}.
 */
public final class JdbiPastRuns implements PastRuns {
  private final RunHistory history;
  private final @Nullable HikariDataSource pool;

  private JdbiPastRuns(RunHistory history, @Nullable HikariDataSource pool) {
    this.history = history;
    this.pool = pool;
  }

  /** Past runs read through {@code history}; {@link #close()} does nothing. */
  public static JdbiPastRuns of(RunHistory history) {
    return new JdbiPastRuns(Objects.requireNonNull(history, "history"), null);
  }

  /**
   * Past runs of the engine's own recorder, read through its connections ({@link RunHistory#from}); {@link
   * #close()} does nothing (the engine owns the recorder).
   *
   * @throws CouncilException of kind {@code VALIDATION} when the engine's recorder is not the jdbi one
   */
  public static JdbiPastRuns from(dev.council.engine.CouncilEngine engine) {
    return of(RunHistory.from(Objects.requireNonNull(engine, "engine").recorder()));
  }

  /**
   * Past runs of the recorder configured by {@code config} ({@code council.jdbc.url}, {@code .user},
   * {@code .password}, {@code council.recorder.jdbi.table-prefix}), read through a small pool of its own
   * (two connections, made on first use) that {@link #close()} closes.
   *
   * @throws CouncilException of kind {@code VALIDATION} when {@code council.jdbc.url} is missing
   */
  public static JdbiPastRuns fromConfig(CouncilConfig config) {
    String url = config.get("council.jdbc.url").orElseThrow(() -> new CouncilException(ErrorKind.VALIDATION,
        "past runs need the recorder's database: set council.jdbc.url (COUNCIL_JDBC_URL), e.g."
            + " jdbc:postgresql://127.0.0.1:5432/council, or leave council.recorder unset to serve live runs only"));
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    config.get("council.jdbc.user").ifPresent(hc::setUsername);
    config.getSecret("council.jdbc.password").ifPresent(s -> hc.setPassword(s.reveal()));
    hc.setMaximumPoolSize(2);
    hc.setMinimumIdle(0);
    hc.setInitializationFailTimeout(-1);
    hc.setConnectionTimeout(5_000);
    hc.setPoolName("council-server-history");
    HikariDataSource pool = new HikariDataSource(hc);
    String prefix = config.getString("council.recorder.jdbi.table-prefix", JdbiRecorder.DEFAULT_TABLE_PREFIX);
    return new JdbiPastRuns(RunHistory.create(pool, prefix), pool);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  public List<PastRun> list(int limit, int offset) {
    return history.runs(RunQuery.all().withLimit(limit).withOffset(offset)).stream()
        .map(r -> pastRun(r, false))
        .toList();
  }

  @Override
  public Optional<PastRun> find(String runId) {
    return history.run(runId).map(r -> pastRun(r, true));
  }

  @Override
  public List<CouncilEvent> events(String runId, long fromSeq, int limit) {
    return history.events(runId, fromSeq, limit).stream().map(e -> JsonMapping.event(e.payload())).toList();
  }

  @Override
  public void check() {
    history.runs(RunQuery.all().withLimit(1));
  }

  private static PastRun pastRun(StoredRun r, boolean full) {
    return new PastRun(r.runId(), r.councilId(), r.status().name(), r.startedAt(), r.finishedAt(),
        full ? r.result() : null, full ? r.errors() : List.of());
  }

  @Override
  public String toString() {
    return "JdbiPastRuns[" + history + "]";
  }
}
