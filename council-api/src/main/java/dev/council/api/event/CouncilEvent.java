package dev.council.api.event;

import java.io.Serializable;
import java.time.Instant;

/**
 * An event of a run. Sealed: a {@code switch} over it is exhaustive.
 *
 * <p>{@link #seq()} starts at 0 with {@link RunStarted} and grows by one per event of the run; a
 * resumed run continues the same sequence.
 */
public sealed interface CouncilEvent extends Serializable
    permits RunStarted, RoundStarted, MemberStarted, MemberToken, ToolCallRequested, ToolCallCompleted,
        MemberCompleted, RoundCompleted, RunCompleted, RunFailed {

  String runId();

  long seq();

  Instant timestamp();

  /** A stable snake_case name of the event type ({@code run_started}, {@code member_token}, ...). */
  String type();

  /** Whether this is the last event of its run ({@link RunCompleted} or {@link RunFailed}). */
  default boolean terminal() {
    return this instanceof RunCompleted || this instanceof RunFailed;
  }
}
