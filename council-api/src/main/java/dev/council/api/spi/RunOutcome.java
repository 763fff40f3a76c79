package dev.council.api.spi;

import dev.council.api.Result;

/** How a run ended, as told to its recorder exactly once. */
public sealed interface RunOutcome {

  /** The run completed. */
  record Completed(Result result) implements RunOutcome {}

  /** The run was cancelled; the result holds what finished. */
  record Cancelled(Result result) implements RunOutcome {}

  /** The run failed; the result holds what finished and the errors. */
  record Failed(Result result) implements RunOutcome {}

  /** The run was terminated, or the engine stopped (or crashed) before it finished. */
  record Stopped(String reason) implements RunOutcome {}
}
