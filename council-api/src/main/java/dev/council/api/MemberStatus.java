package dev.council.api;

/** How a member's participation in a round ended. */
public enum MemberStatus {
  OK,
  ERROR,
  TIMEOUT,
  /** Not asked: excluded by a router, or skipped after a fail-fast failure or a cancel. */
  SKIPPED,
  /** Answered, but the output never validated against the member's schema. */
  INVALID_OUTPUT,
  /** Lost a tournament pairing. */
  ELIMINATED
}
