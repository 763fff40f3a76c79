package dev.council.api.spi;

/**
 * Persists run history. The engine calls {@link #open} once per run before its first event; the
 * returned {@link RunRecording} is that run's single writer.
 *
 * <p>A recorder's failure never fails the run: the engine isolates it. Implementations should not block
 * the caller on slow storage (buffer and write asynchronously).
 *
 * <p>{@link #open} may be called for a run id the recorder already has (the run is being resumed by
 * another engine): the recording then continues that run's history, with events from
 * {@link ResumableRun#nextSeq()}.
 */
public interface Recorder extends AutoCloseable {

  RunRecording open(RunInfo run);

  /** The member-call journal this recorder keeps, or {@link MemberCallJournal#NONE}. */
  default MemberCallJournal journal() {
    return MemberCallJournal.NONE;
  }

  /**
   * A persisted run, for {@code resume} and {@code rerun}. Recorders that keep history return it;
   * the default keeps nothing.
   */
  default java.util.Optional<ResumableRun> resumable(String runId) {
    return java.util.Optional.empty();
  }

  /**
   * Takes ownership of a stored, unfinished run before this engine resumes it ({@code resume} and
   * recovery call it after {@link #resumable}). A recorder that can tell that another live engine runs
   * the run throws a {@link dev.council.api.ResumeRefusedException} with reason {@code OWNED_ELSEWHERE}
   * (or {@code ALREADY_FINISHED} when it finished meanwhile), and the run is not resumed. The default
   * claims nothing and refuses nothing. May block on storage.
   *
   * @param ownerNode this engine's node id
   */
  default void claim(String runId, String ownerNode) {}

  /** Ids of runs still marked running whose owner is {@code ownerNode} (for recovery at start-up). */
  default java.util.List<String> unfinishedRuns(String ownerNode) {
    return java.util.List.of();
  }

  /** Marks a run that no node will finish as {@code STUCK}. */
  default void markStuck(String runId) {}

  /**
   * A standing problem that keeps this recorder from storing anything, e.g. its database refused the
   * connection when the engine started and has not accepted a write since; empty while it works (the
   * default). While present, the engine adds it to every run's result metadata under
   * {@link dev.council.api.ResultMetadata#RECORDER_PROBLEM}, so that a run that was not recorded does not
   * look like one that was. Must not block: return what is already known. Thread-safe.
   */
  default java.util.Optional<String> problem() {
    return java.util.Optional.empty();
  }

  /** Flushes and releases resources. Idempotent. */
  @Override
  default void close() {}
}
