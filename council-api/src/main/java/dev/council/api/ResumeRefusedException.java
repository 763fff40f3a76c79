package dev.council.api;

import java.util.Objects;

/**
 * A run was not resumed, for a {@link Reason} a caller can act on without reading the message: a scheduler
 * that resumes runs after a crash treats {@link Reason#ALREADY_FINISHED} as done and retries {@link
 * Reason#OWNED_ELSEWHERE} once the other engine's ownership has lapsed. Thrown by {@code
 * CouncilEngine.resume} and by {@link dev.council.api.spi.Recorder#claim recorders refusing a claim}; of
 * kind {@link ErrorKind#VALIDATION}, nothing was paid for.
 */
public final class ResumeRefusedException extends CouncilException {
  private static final long serialVersionUID = 1L;

  /** Why a run was not resumed. */
  public enum Reason {
    /** The run has finished; nothing is left to resume (rerun it to run it again as a new attempt). */
    ALREADY_FINISHED,
    /** The run is still running on this engine; cancel or terminate it first. */
    STILL_RUNNING,
    /**
     * Another live engine owns the run (a recorder's lease, a cluster member's claim); it can be resumed
     * once that engine has stopped and its ownership lapsed.
     */
    OWNED_ELSEWHERE,
    /** The recorder has no record of the run (never recorded, or recorded by a recorder that keeps nothing). */
    NOT_RECORDED
  }

  private final String runId;
  private final Reason reason;

  /**
   * @param message what happened and what to do, as for any {@link CouncilException}; never a secret
   */
  public ResumeRefusedException(String runId, Reason reason, String message) {
    super(ErrorKind.VALIDATION, message);
    this.runId = Objects.requireNonNull(runId, "runId");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** {@code runId} finished: nothing is left to resume; a rerun runs it again as a new attempt. */
  public static ResumeRefusedException alreadyFinished(String runId) {
    return new ResumeRefusedException(runId, Reason.ALREADY_FINISHED, "run '" + runId + "' already finished;"
        + " nothing to resume. Use rerun to run it again as a new attempt");
  }

  /** The run that was not resumed. */
  public String runId() {
    return runId;
  }

  /** Why it was not resumed. */
  public Reason reason() {
    return reason;
  }
}
