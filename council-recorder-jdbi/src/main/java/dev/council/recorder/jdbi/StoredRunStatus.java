package dev.council.recorder.jdbi;

/** The status of a recorded run, as stored in {@code <prefix>runs.status}. */
public enum StoredRunStatus {
  /** Started, and no outcome recorded yet. */
  RUNNING,
  COMPLETED,
  /** Failed, or stopped (terminated, engine stopped) before it finished. */
  FAILED,
  CANCELLED,
  /** Found {@code RUNNING} by a recovery after its node went away; see {@link RunHistory#markStuck}. */
  STUCK
}
