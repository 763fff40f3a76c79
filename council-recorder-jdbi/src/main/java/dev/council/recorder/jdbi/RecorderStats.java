package dev.council.recorder.jdbi;

/**
 * Counters of a {@link JdbiRecorder} since it was built. A record is a run's opening row, one stored
 * event, or a run's outcome. Immutable snapshot; the counters only grow, except {@code pending}.
 *
 * @param written records committed to PostgreSQL
 * @param pending records waiting in the buffer or being written
 * @param dropped records that could not be kept: the buffer was full, PostgreSQL rejected their data,
 *     they arrived after their run finished, or the recorder closed before they could be written; each
 *     is also logged at WARN (rate-limited) and counted in its run's {@code dropped_events} column
 * @param failures failed write attempts (each batch is retried until it is written or found
 *     unwritable)
 */
public record RecorderStats(long written, long pending, long dropped, long failures) {}
