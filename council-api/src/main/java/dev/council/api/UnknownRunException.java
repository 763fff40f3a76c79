package dev.council.api;

/**
 * The run id names no run this engine (or cluster) knows: it never existed, was terminated, or was
 * reaped after its retention period.
 */
public final class UnknownRunException extends CouncilException {
  private static final long serialVersionUID = 1L;

  private final String runId;

  public UnknownRunException(String runId) {
    super(ErrorKind.PERMANENT, "unknown run '" + runId + "': it was never started here, was terminated,"
        + " or finished longer ago than the retention period (council.reap-after)");
    this.runId = runId;
  }

  public String runId() {
    return runId;
  }
}
