package dev.council.api.spi;

import java.io.Serializable;
import java.util.Objects;

/**
 * A run a recorder persisted, with what is needed to resume it on another engine.
 *
 * @param info the run as it was opened (council, input, attempt, parent, owner, start)
 * @param nextSeq the sequence number the resumed run's next event gets
 * @param finished whether the run already reached a final status (then it can be re-run, not resumed)
 */
public record ResumableRun(RunInfo info, long nextSeq, boolean finished) implements Serializable {
  public ResumableRun {
    Objects.requireNonNull(info, "info");
    if (nextSeq < 0) {
      throw new IllegalArgumentException("nextSeq must not be negative");
    }
  }
}
