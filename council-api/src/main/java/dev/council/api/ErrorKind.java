package dev.council.api;

/** Classifies a {@link CouncilError}; decides whether a member call is retried. */
public enum ErrorKind {
  /** A temporary failure (network, 5xx, overloaded); retried. */
  TRANSIENT(true),
  /** The provider asked us to slow down (429); retried after its {@code Retry-After} when given. */
  RATE_LIMITED(true),
  /** A failure that will not go away by retrying (bad key, bad request, missing model). */
  PERMANENT(false),
  /** The output or the input did not validate (schema, council definition). */
  VALIDATION(false),
  /** An attempt exceeded its time limit; retried. */
  TIMEOUT(true),
  /** The run was cancelled. */
  CANCELLED(false);

  private final boolean retryable;

  ErrorKind(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether a member call that failed with this kind is attempted again (within its retry budget). */
  public boolean retryable() {
    return retryable;
  }
}
