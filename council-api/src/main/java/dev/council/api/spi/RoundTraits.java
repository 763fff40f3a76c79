package dev.council.api.spi;

import java.io.Serializable;
import java.util.Objects;

/**
 * What members of a round see and how the round runs; used for prompts, diagrams and docs.
 *
 * @param inputScope which earlier work a member sees
 * @param sharing whose answers a member sees
 * @param anonymized whether peers' answers are shown under neutral labels
 * @param parallel whether members are called concurrently
 */
public record RoundTraits(InputScope inputScope, Sharing sharing, boolean anonymized, boolean parallel)
    implements Serializable {

  /** Which earlier work a member sees. */
  public enum InputScope {
    /** Only the run input. */
    ORIGINAL,
    /** The run input and the previous round's answers. */
    PREVIOUS_ROUND,
    /** The run input and every earlier round's answers. */
    ALL_PRIOR
  }

  /** Whose answers a member sees. */
  public enum Sharing {
    SELF_ONLY,
    PEERS,
    ALL
  }

  public RoundTraits {
    Objects.requireNonNull(inputScope, "inputScope");
    Objects.requireNonNull(sharing, "sharing");
  }
}
