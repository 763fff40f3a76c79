package dev.council.recorder.jdbi;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which recorded runs {@link RunHistory#runs} lists. Runs are listed newest first, by
 * {@code (startedAt, runId)} descending. Page with {@code offset}, or better with a keyset position
 * ({@link #after(StoredRun)}), which stays correct while new runs arrive. Immutable; the {@code with}
 * methods return changed copies.
 *
 * @param statuses only runs with one of these statuses; empty for any
 * @param councilId only runs of this council, or null for any
 * @param from only runs started at or after this instant, or null
 * @param to only runs started before this instant, or null
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 * @param offset runs to skip before the page, at least 0
 * @param after only runs that come after this position in the listing order, or null
 */
public record RunQuery(
    Set<StoredRunStatus> statuses,
    @Nullable String councilId,
    @Nullable Instant from,
    @Nullable Instant to,
    int limit,
    int offset,
    @Nullable Position after) {

  /** The page size of {@link #all()}. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest page size. */
  public static final int MAX_LIMIT = 1000;

  /**
   * A place in the listing order: the {@code (startedAt, runId)} of a listed run.
   *
   * @param startedAt the run's start
   * @param runId the run's id (breaks ties between runs started at the same instant)
   */
  public record Position(Instant startedAt, String runId) {
    public Position {
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(runId, "runId");
    }
  }

  public RunQuery {
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
    }
  }

  /** Every run, newest first, {@link #DEFAULT_LIMIT} per page. */
  public static RunQuery all() {
    return new RunQuery(Set.of(), null, null, null, DEFAULT_LIMIT, 0, null);
  }

  public RunQuery withStatuses(StoredRunStatus... statuses) {
    Set<StoredRunStatus> set = statuses.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(statuses));
    return new RunQuery(set, councilId, from, to, limit, offset, after);
  }

  public RunQuery withCouncilId(@Nullable String councilId) {
    return new RunQuery(statuses, councilId, from, to, limit, offset, after);
  }

  /** Runs started in {@code [from, to)}; either bound may be null. */
  public RunQuery startedBetween(@Nullable Instant from, @Nullable Instant to) {
    return new RunQuery(statuses, councilId, from, to, limit, offset, after);
  }

  public RunQuery withLimit(int limit) {
    return new RunQuery(statuses, councilId, from, to, limit, offset, after);
  }

  public RunQuery withOffset(int offset) {
    return new RunQuery(statuses, councilId, from, to, limit, offset, after);
  }

  /** The page after the one that ended with {@code last}. */
  public RunQuery after(StoredRun last) {
    return after(last.position());
  }

  /** Runs that come after {@code position} in the listing order; null to start from the newest. */
  public RunQuery after(@Nullable Position position) {
    return new RunQuery(statuses, councilId, from, to, limit, offset, position);
  }
}
