package dev.council.server;

import dev.council.api.event.CouncilEvent;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link CouncilServer} finds runs that are no longer in the engine: the recorder's history. It
 * lists past runs, reads one with its result, and replays a run's stored events, which serve {@code GET
 * /v1/runs}, {@code GET /v1/runs/{id}}, event-stream resumes and the page's past runs. {@link
 * JdbiPastRuns} reads the PostgreSQL recorder's tables.
 *
 * <p>Implementations are thread-safe; every method may block on storage and throws a {@link
 * dev.council.api.CouncilException} when the storage cannot be reached.
 */
public interface PastRuns extends AutoCloseable {
  /** Runs newest first, skipping {@code offset}, at most {@code limit} (1 to 100); without results. */
  List<PastRun> list(int limit, int offset);

  /** The run with this id and its result, if stored. */
  Optional<PastRun> find(String runId);

  /**
   * The run's stored events with {@code seq >= fromSeq}, in order, at most {@code limit}. Events the
   * recorder does not store (by default its filter leaves out {@code member_token}) are missing.
   */
  List<CouncilEvent> events(String runId, long fromSeq, int limit);

  /** Checks that the storage answers; throws when it does not. For {@code /health/ready}. */
  void check();

  /** Releases what this source owns (a connection pool). The default does nothing. Idempotent. */
  @Override
  default void close() {}
}
