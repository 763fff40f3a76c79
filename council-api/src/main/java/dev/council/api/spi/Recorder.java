package dev.council.api.spi;

/**
 * Persists run history. The engine calls {@link #open} once per run before its first event; the
 * returned {@link RunRecording} is that run's single writer.
 *
 * <p>A recorder's failure never fails the run: the engine isolates it. Implementations should not block
 * the caller on slow storage (buffer and write asynchronously).
 */
public interface Recorder extends AutoCloseable {

  RunRecording open(RunInfo run);

  /** The member-call journal this recorder keeps, or {@link MemberCallJournal#NONE}. */
  default MemberCallJournal journal() {
    return MemberCallJournal.NONE;
  }

  /** Flushes and releases resources. Idempotent. */
  @Override
  default void close() {}
}
