package dev.council.api;

/** How a member's confidence in its answer is obtained. */
public enum ConfidenceStrategy {
  NONE,
  /** The member is asked to end with {@code {"confidence": x}}; it is parsed and stripped. */
  SELF_REPORT
}
