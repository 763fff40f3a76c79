package dev.council.api.spi;

import java.io.Serializable;
import java.util.Objects;

/**
 * Identifies one member call of a run, for the journal.
 *
 * @param runId the run
 * @param roundIndex the round's index in the council
 * @param iteration the iteration (0 outside {@code iterate})
 * @param memberId the member
 */
public record CallKey(String runId, int roundIndex, int iteration, String memberId) implements Serializable {
  public CallKey {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(memberId, "memberId");
  }
}
