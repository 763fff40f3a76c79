package dev.council.api.spi;

import dev.council.api.MemberResult;
import java.util.Optional;

/**
 * Remembers finished member calls so a resumed run never pays twice for a call that already finished.
 * Thread-safe.
 */
public interface MemberCallJournal {

  /** Keeps nothing. */
  MemberCallJournal NONE = new MemberCallJournal() {
    @Override
    public Optional<MemberResult> find(CallKey key) {
      return Optional.empty();
    }

    @Override
    public void record(CallKey key, String requestHash, MemberResult result) {}
  };

  /** The finished result of this call, if it was journaled. */
  Optional<MemberResult> find(CallKey key);

  /**
   * Journals a finished call. Must be durable when it returns (the engine calls it before emitting
   * {@code MemberCompleted}).
   *
   * @param requestHash a hash of the request, to detect a changed council on resume
   */
  void record(CallKey key, String requestHash, MemberResult result);
}
