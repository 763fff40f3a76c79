package dev.council.recorder.jdbi;

import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.Result;
import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RunInfo;
import dev.council.recorder.jdbi.internal.Failures;
import dev.council.recorder.jdbi.internal.Json;
import dev.council.recorder.jdbi.internal.Tables;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/**
 * Queries over the runs and events a {@link JdbiRecorder} recorded: list runs by status, council and
 * time with paging, read one run with its result, replay a run's events from a sequence number, and the
 * helpers a recovery and a resume need. Every value is a bound parameter; the table prefix, validated as an
 * identifier, is the only text put into the SQL.
 *
 * <p>Thread-safe and stateless apart from its connection source. Every method blocks on the database
 * and throws {@link CouncilException} ({@link ErrorKind#TRANSIENT}) when it cannot be reached. It does
 * not create the schema: build a {@link JdbiRecorder} with {@code migrate(true)} or apply
 * {@link CouncilSchema#sql}. Events still in a recorder's buffer are not visible yet
 * ({@link JdbiRecorder#awaitFlushed} waits for them).
 */
public final class RunHistory {
  private static final String RUN_COLUMNS = "run_id, council_id, status, input, result, errors, attempt,"
      + " parent_run_id, owner_node, last_seq, dropped_events, unjournaled_calls, started_at, finished_at";

  private final Jdbi jdbi;
  private final Tables tables;
  private final Json json = Json.get();

  private RunHistory(Jdbi jdbi, Tables tables) {
    this.jdbi = jdbi;
    this.tables = tables;
  }

  /**
   * Queries the tables with {@code tablePrefix} through {@code jdbi}.
   *
   * @throws dev.council.api.config.ConfigException when the prefix is not a valid identifier
   */
  public static RunHistory create(Jdbi jdbi, String tablePrefix) {
    return new RunHistory(Objects.requireNonNull(jdbi, "jdbi"), Tables.of(tablePrefix));
  }

  /** Queries the tables with {@code tablePrefix} through connections from {@code dataSource}. */
  public static RunHistory create(DataSource dataSource, String tablePrefix) {
    return create(Jdbi.create(Objects.requireNonNull(dataSource, "dataSource")), tablePrefix);
  }

  /**
   * The history of the runs {@code recorder} stores, read through the recorder's own connections (its
   * pool, or the data source it was given) and table prefix: for an engine built from configuration,
   * {@code RunHistory.from(engine.recorder())}, with no data source to rebuild and no password to handle.
   * Valid while the recorder is open (closing the engine closes it). Events still in the recorder's buffer
   * are not visible yet ({@link JdbiRecorder#awaitFlushed}).
   *
   * @throws CouncilException ({@link ErrorKind#VALIDATION}) when {@code recorder} is not a
   *     {@link JdbiRecorder}, saying how to configure one
   */
  public static RunHistory from(dev.council.api.spi.Recorder recorder) {
    Objects.requireNonNull(recorder, "recorder");
    if (recorder instanceof JdbiRecorder jdbi) {
      return jdbi.history();
    }
    throw new CouncilException(ErrorKind.VALIDATION, "run history needs the jdbi recorder, but the engine records"
        + " with " + recorder.getClass().getName() + ": set council.recorder=jdbi with council.jdbc.url (or share"
        + " a DataSource), or read another database with RunHistory.create(dataSource, tablePrefix)");
  }

  /** Runs matching {@code query}, newest first. */
  public List<StoredRun> runs(RunQuery query) {
    Objects.requireNonNull(query, "query");
    StringBuilder sql = new StringBuilder("SELECT ").append(RUN_COLUMNS).append(" FROM ").append(tables.runs())
        .append(" WHERE TRUE");
    if (!query.statuses().isEmpty()) {
      sql.append(" AND status = ANY(:statuses)");
    }
    if (query.councilId() != null) {
      sql.append(" AND council_id = :councilId");
    }
    if (query.from() != null) {
      sql.append(" AND started_at >= :from");
    }
    if (query.to() != null) {
      sql.append(" AND started_at < :to");
    }
    if (query.after() != null) {
      sql.append(" AND (started_at, run_id) < (:afterStartedAt, :afterRunId)");
    }
    sql.append(" ORDER BY started_at DESC, run_id DESC LIMIT :limit OFFSET :offset");
    return read(handle -> {
      Query q = handle.createQuery(sql.toString());
      if (!query.statuses().isEmpty()) {
        q.bindArray("statuses", String.class, query.statuses().stream().map(Enum::name).toList());
      }
      if (query.councilId() != null) {
        q.bind("councilId", query.councilId());
      }
      if (query.from() != null) {
        q.bind("from", timestamp(query.from()));
      }
      if (query.to() != null) {
        q.bind("to", timestamp(query.to()));
      }
      RunQuery.Position after = query.after();
      if (after != null) {
        q.bind("afterStartedAt", timestamp(after.startedAt())).bind("afterRunId", after.runId());
      }
      return q.bind("limit", query.limit()).bind("offset", query.offset())
          .map((rs, ctx) -> storedRun(rs))
          .list();
    });
  }

  /** The run with this id, with its result and errors. */
  public Optional<StoredRun> run(String runId) {
    Objects.requireNonNull(runId, "runId");
    return read(handle -> handle.createQuery("SELECT " + RUN_COLUMNS + " FROM " + tables.runs() + " WHERE run_id = :runId")
        .bind("runId", runId)
        .map((rs, ctx) -> storedRun(rs))
        .findOne());
  }

  /**
   * What the run was opened with: its council (read back into a {@link Council}), input, attempt,
   * parent, owner, start and trace context. The source for resuming it.
   */
  public Optional<RunInfo> runInfo(String runId) {
    Objects.requireNonNull(runId, "runId");
    return read(handle -> handle.createQuery("SELECT run_id, council, input, attempt, parent_run_id, owner_node,"
            + " started_at, trace_context FROM " + tables.runs() + " WHERE run_id = :runId")
        .bind("runId", runId)
        .map((rs, ctx) -> runInfo(rs))
        .findOne());
  }

  /**
   * The run as {@link dev.council.api.spi.Recorder#resumable} describes it: what it was opened with;
   * the seq its next event gets, one past the highest stored seq and {@code last_seq}; and whether it is
   * finished ({@code COMPLETED}, {@code FAILED} or {@code CANCELLED}). {@code RUNNING} and {@code STUCK}
   * runs are not finished, so they can be resumed.
   */
  public Optional<ResumableRun> resumable(String runId) {
    Objects.requireNonNull(runId, "runId");
    return read(handle -> handle.createQuery("SELECT r.run_id, r.council, r.input, r.attempt, r.parent_run_id,"
            + " r.owner_node, r.started_at, r.trace_context, r.status, GREATEST(r.last_seq, (SELECT max(e.seq) FROM "
            + tables.runEvents() + " e WHERE e.run_id = r.run_id)) AS high_seq FROM " + tables.runs()
            + " r WHERE r.run_id = :runId")
        .bind("runId", runId)
        .map((rs, ctx) -> new ResumableRun(runInfo(rs), rs.getLong("high_seq") + 1,
            StoredRunStatus.valueOf(rs.getString("status")).finished()))
        .findOne());
  }

  /**
   * A run's stored events with {@code seq >= fromSeq}, in order, at most {@code limit}. To replay a
   * long run, call again from the last seq + 1. Seq numbers of events the filter excluded are missing.
   *
   * @param limit 1 to 10,000
   */
  public List<StoredEvent> events(String runId, long fromSeq, int limit) {
    Objects.requireNonNull(runId, "runId");
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be between 1 and 10000, was " + limit);
    }
    return read(handle -> handle.createQuery("SELECT run_id, seq, type, payload, created_at FROM " + tables.runEvents()
            + " WHERE run_id = :runId AND seq >= :fromSeq ORDER BY seq LIMIT :limit")
        .bind("runId", runId)
        .bind("fromSeq", fromSeq)
        .bind("limit", limit)
        .map((rs, ctx) -> new StoredEvent(rs.getString("run_id"), rs.getLong("seq"), rs.getString("type"),
            json.readEvent(rs.getString("payload")), instant(rs, "created_at")))
        .list());
  }

  /** Ids of the runs {@code ownerNode} left {@code RUNNING}, oldest first. */
  public List<String> runningRunsOwnedBy(String ownerNode) {
    Objects.requireNonNull(ownerNode, "ownerNode");
    return read(handle -> handle.createQuery("SELECT run_id FROM " + tables.runs()
            + " WHERE owner_node = :owner AND status = 'RUNNING' ORDER BY started_at, run_id")
        .bind("owner", ownerNode)
        .mapTo(String.class)
        .list());
  }

  /**
   * Marks every run {@code ownerNode} left {@code RUNNING} as {@code STUCK}, for a node that is gone
   * and whose runs will not be resumed. A stuck run that is resumed later goes back to {@code RUNNING}.
   *
   * @return the ids of the runs marked, oldest first
   */
  public List<String> markStuck(String ownerNode) {
    Objects.requireNonNull(ownerNode, "ownerNode");
    return read(handle -> handle.createQuery("WITH marked AS (UPDATE " + tables.runs() + " SET status = 'STUCK'"
            + " WHERE owner_node = :owner AND status = 'RUNNING' RETURNING run_id, started_at)"
            + " SELECT run_id FROM marked ORDER BY started_at, run_id")
        .bind("owner", ownerNode)
        .mapTo(String.class)
        .list());
  }

  /**
   * Marks one run {@code STUCK} if it is {@code RUNNING}: no node will finish it. A stuck run that is
   * resumed later goes back to {@code RUNNING}.
   *
   * @return whether the run was running and is now stuck
   */
  public boolean markRunStuck(String runId) {
    Objects.requireNonNull(runId, "runId");
    return read(handle -> handle.createUpdate("UPDATE " + tables.runs() + " SET status = 'STUCK'"
            + " WHERE run_id = :runId AND status = 'RUNNING'")
        .bind("runId", runId)
        .execute()) == 1;
  }

  @Override
  public String toString() {
    return "RunHistory{" + tables.prefix() + "}";
  }

  private StoredRun storedRun(ResultSet rs) throws SQLException {
    String result = rs.getString("result");
    String errors = rs.getString("errors");
    return new StoredRun(
        rs.getString("run_id"),
        rs.getString("council_id"),
        StoredRunStatus.valueOf(rs.getString("status")),
        json.readMap(rs.getString("input")),
        result == null ? null : json.readResult(result),
        errors == null ? List.of() : json.readErrors(errors),
        rs.getInt("attempt"),
        rs.getString("parent_run_id"),
        rs.getString("owner_node"),
        rs.getLong("last_seq"),
        rs.getLong("dropped_events"),
        rs.getLong("unjournaled_calls"),
        instant(rs, "started_at"),
        nullableInstant(rs, "finished_at"));
  }

  private RunInfo runInfo(ResultSet rs) throws SQLException {
    return new RunInfo(
        rs.getString("run_id"),
        json.read(rs.getString("council"), Council.class),
        json.readMap(rs.getString("input")),
        rs.getInt("attempt"),
        rs.getString("parent_run_id"),
        rs.getString("owner_node"),
        instant(rs, "started_at"),
        traceContext(rs.getString("trace_context")));
  }

  /** The stored W3C headers of the run's span; empty for runs recorded untraced or before version 4. */
  private Map<String, String> traceContext(@Nullable String stored) {
    if (stored == null) {
      return Map.of();
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    json.readMap(stored).forEach((k, v) -> {
      if (v instanceof String s) {
        headers.put(k, s);
      }
    });
    return headers;
  }

  private <T> T read(Function<Handle, T> body) {
    try {
      return jdbi.withHandle(body::apply);
    } catch (JdbiException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.TRANSIENT, "could not query the council run history"
          + " (tables " + tables.prefix() + "*): " + Failures.describe(e) + "; check that PostgreSQL is reachable and"
          + " that the schema exists (JdbiRecorder with migrate on, or CouncilSchema.sql)"), e);
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getTimestamp(column).toInstant();
  }

  private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
