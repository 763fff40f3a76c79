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

  /**
   * The finished result of this call, if it was journaled. The engine asks only for runs it resumes: a
   * run started fresh has nothing journaled. May block on storage.
   */
  Optional<MemberResult> find(CallKey key);

  /**
   * Journals a finished call. The engine calls it before emitting {@code MemberCompleted}, on the call's
   * thread. It should be durable when it returns. A journal whose store can be slow or down may instead
   * bound the wait: return after a documented time with the entry kept and retried, and count every
   * entry not yet durable (a crash then makes that call again), never silently. It must not throw for
   * storage trouble it can retry; the engine logs and ignores what it throws.
   *
   * @param requestHash a hash of the request, to detect a changed council on resume
   */
  void record(CallKey key, String requestHash, MemberResult result);
}
