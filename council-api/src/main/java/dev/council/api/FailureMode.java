package dev.council.api;

/** What a round does when a member fails. */
public enum FailureMode {
  /** Keep going; the failed member yields a result with its error. The default. */
  CONTINUE,
  /** Stop the round at the first failure: in-flight members are interrupted, the run fails. */
  FAIL_FAST
}
