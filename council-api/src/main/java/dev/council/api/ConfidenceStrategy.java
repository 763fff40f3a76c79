package dev.council.api;

/** How a member's confidence in its answer is obtained. */
public enum ConfidenceStrategy {
  NONE,
  /** The member is asked to end with {@code {"confidence": x}}; it is parsed and stripped. */
  SELF_REPORT,
  /**
   * The provider is asked for token log-probabilities and the confidence is {@code exp(mean token
   * logprob)} over the answer's tokens: the geometric mean of the token probabilities, in (0, 1]. Only
   * providers that return logprobs support it (the OpenAI-compatible ones); elsewhere the confidence is
   * null and the member result's metadata says why under {@code confidenceUnavailable}.
   */
  LOGPROB
}
