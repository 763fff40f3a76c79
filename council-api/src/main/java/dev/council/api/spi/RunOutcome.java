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

  /**
   * The run stopped without finishing: {@link #TERMINATED} on purpose, or {@link #ENGINE_STOPPED} because
   * its engine shut down (such runs can be resumed by recovery).
   */
  record Stopped(String reason) implements RunOutcome {
    public static final String TERMINATED = "terminated";
    public static final String ENGINE_STOPPED = "engine_stopped";

    /** Whether a later engine should resume the run (it did not stop on purpose). */
    public boolean resumable() {
      return !TERMINATED.equals(reason);
    }
  }
}
