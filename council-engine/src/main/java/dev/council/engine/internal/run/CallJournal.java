package dev.council.engine.internal.run;

import dev.council.api.MemberResult;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.Recorder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's view of its recorder's member-call journal: finished calls are written once, and a resumed run
 * takes them from here instead of calling (and paying) again. Only a resumed run looks calls up: a run that
 * starts fresh has nothing journaled, so its calls never read the journal. A failing journal never fails
 * the run: a failed lookup means "call the member", a failed write is logged.
 *
 * <p>Thread-safe as the underlying journal is; lookups and writes block as long as the journal does (a
 * journal that keeps the run off the database's critical path bounds its own waits).
 */
final class CallJournal {
  private static final Logger log = LoggerFactory.getLogger(CallJournal.class);

  private final MemberCallJournal journal;
  private final boolean resumed;

  private CallJournal(MemberCallJournal journal, boolean resumed) {
    this.journal = journal;
    this.resumed = resumed;
  }

  /**
   * The journal {@code recorder} keeps; none when asking it for one fails.
   *
   * @param resumed whether the run continues a recorded one (only then can a call be journaled already)
   */
  static CallJournal of(Recorder recorder, boolean resumed) {
    try {
      return new CallJournal(recorder.journal(), resumed);
    } catch (RuntimeException e) {
      log.warn("recorder {} has no usable journal: {}", recorder.getClass().getName(), e.toString());
      return new CallJournal(MemberCallJournal.NONE, resumed);
    }
  }

  /** Whether calls are looked up at all: only for a resumed run with a journal. */
  boolean looksUp() {
    return resumed && journal != MemberCallJournal.NONE;
  }

  /**
   * The recorded result of the call {@code key}, if it finished in an earlier life of the run. Empty
   * without asking the journal when the run was never resumed.
   */
  Optional<MemberResult> find(CallKey key) {
    if (!looksUp()) {
      return Optional.empty();
    }
    try {
      return journal.find(key);
    } catch (RuntimeException e) {
      log.warn("journal lookup for {} failed; calling the member: {}", key, e.toString());
      return Optional.empty();
    }
  }

  /** Records a finished call. */
  void record(CallKey key, MemberCall call, MemberResult result) {
    if (journal == MemberCallJournal.NONE) {
      return;
    }
    try {
      journal.record(key, requestHash(call), result);
    } catch (RuntimeException e) {
      log.warn("journaling {} failed; a resumed run may call this member again: {}", key, e.toString());
    }
  }

  /** A hash of who was asked what, so a resumed run can tell a changed council. */
  static String requestHash(MemberCall call) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(call.member().id().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(call.prompt().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
