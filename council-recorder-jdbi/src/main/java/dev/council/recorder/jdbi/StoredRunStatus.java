package dev.council.recorder.jdbi;

/** The status of a recorded run, as stored in {@code <prefix>runs.status}. */
public enum StoredRunStatus {
  /**
   * Started, and no outcome recorded yet; also a run whose engine stopped before it finished, which a
   * recovery or {@code resume} can continue.
   */
  RUNNING,
  COMPLETED,
  FAILED,
  /** Cancelled, or terminated on purpose before it finished (then it has no result). */
  CANCELLED,
  /**
   * Found {@code RUNNING} by a recovery that did not resume it (see {@link RunHistory#markStuck}). Not
   * finished: an explicit {@code resume} continues it and sets it back to {@code RUNNING}.
   */
  STUCK;

  /** Whether the run reached a final outcome: {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}. */
  public boolean finished() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
