package dev.council.engine.internal.run;

import dev.council.api.CouncilError;

/** A failed attempt of a member call, classified; the dispatcher decides whether to retry. Stackless. */
final class AttemptFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final transient CouncilError error;

  AttemptFailure(CouncilError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }
}
