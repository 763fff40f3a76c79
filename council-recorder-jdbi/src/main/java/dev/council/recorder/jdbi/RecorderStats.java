package dev.council.recorder.jdbi;

/**
 * Counters of a {@link JdbiRecorder} since it was built. A record is a run's opening row, one stored
 * event, or a run's outcome; a journal entry is one finished member call. Immutable snapshot; the
 * counters only grow, except {@code pending}, {@code journalPending} and {@code journalAtRisk}.
 *
 * @param written records committed to PostgreSQL
 * @param pending records waiting in the buffer or being written
 * @param dropped records that could not be kept: the buffer was still full after the bounded wait,
 *     PostgreSQL rejected their data, another writer had stored a different event under the same seq
 *     (also in {@code conflicted}), they arrived after their run finished, or the recorder closed before
 *     they could be written; each is also logged at WARN (rate-limited) and counted in its run's
 *     {@code dropped_events} column
 * @param failures failed write attempts of the event writer (each batch is retried until it is written
 *     or found unwritable)
 * @param conflicted events not stored because their run already had a different event under the same
 *     seq (two engines wrote the run), and records refused because their run's lease was lost to another
 *     engine (see {@code leasesLost}); included in {@code dropped}
 * @param journalWritten journal entries committed
 * @param journalPending journal entries queued or being written
 * @param journalDeferred journal entries whose caller stopped waiting before they were committed (the
 *     database was slow or down); each was kept and retried
 * @param journalAtRisk journal entries whose caller stopped waiting and that are still not committed:
 *     if the process died now, these finished calls would be made (and paid for) again by a resume
 * @param journalLost journal entries given up: the journal queue was full, PostgreSQL rejected them, or
 *     the recorder closed before they were written; logged at ERROR and added to their run's
 *     {@code unjournaled_calls}
 * @param journalFailures failed write attempts of the journal writer
 * @param leasesLost runs this recorder was running when it found that another engine had taken their
 *     lease (it could not renew it for longer than the lease, e.g. while PostgreSQL was unreachable, and
 *     the run was resumed elsewhere); logged at ERROR. From then on the run's events and outcome are
 *     refused (counted in {@code conflicted} and {@code dropped}) and its journal entries too
 *     ({@code journalFenced})
 * @param journalFenced journal entries refused because their run's lease was lost to another engine
 * @param unjournaledOnResume finished member calls found, when this recorder claimed a run to resume it,
 *     with a stored {@code member_completed} event but no journal row: the dead process had not committed
 *     their entries (they were at risk), so the resume makes (and pays for) them again. Logged at WARN
 *     with the run and members, and added to the run's {@code unjournaled_calls}
 */
public record RecorderStats(long written, long pending, long dropped, long failures, long conflicted,
    long journalWritten, long journalPending, long journalDeferred, long journalAtRisk, long journalLost,
    long journalFailures, long leasesLost, long journalFenced, long unjournaledOnResume) {

  /** Event-writer counters only, every other counter zero. */
  public RecorderStats(long written, long pending, long dropped, long failures) {
    this(written, pending, dropped, failures, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** The event-writer part of these counters (the journal's and the leases' set to zero), for comparisons. */
  public RecorderStats events() {
    return new RecorderStats(written, pending, dropped, failures, conflicted, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
