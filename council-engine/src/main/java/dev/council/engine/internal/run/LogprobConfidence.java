package dev.council.engine.internal.run;

import dev.council.api.provider.ChatResponse;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code logprob} confidence: {@code exp(sum of token logprobs / token count)}, the geometric mean of
 * the answer's token probabilities, in (0, 1]. Read from the response metadata the provider filled
 * ({@link ChatResponse#LOGPROB_SUM}, {@link ChatResponse#LOGPROB_TOKENS}); when they are missing the
 * confidence is null and the reason is kept under {@link #UNAVAILABLE} in the member's result metadata.
 * Stateless.
 */
final class LogprobConfidence {
  /** Member result metadata key: why a {@code logprob} confidence is null. */
  static final String UNAVAILABLE = "confidenceUnavailable";

  private LogprobConfidence() {}

  /**
   * @param confidence the score, or null
   * @param unavailable why there is none, or null when there is one
   */
  record Outcome(@Nullable Double confidence, @Nullable String unavailable) {}

  static Outcome of(Map<String, Object> responseMetadata, @Nullable String providerId) {
    Object sum = responseMetadata.get(ChatResponse.LOGPROB_SUM);
    Object tokens = responseMetadata.get(ChatResponse.LOGPROB_TOKENS);
    if (!(sum instanceof Number s) || !(tokens instanceof Number n)) {
      return new Outcome(null, "provider '" + providerId + "' returned no token logprobs (OpenAI-compatible"
          + " providers and the simulated one report them); use confidence self_report instead");
    }
    if (n.longValue() <= 0) {
      return new Outcome(null, "the answer had no tokens to score");
    }
    double mean = s.doubleValue() / n.doubleValue();
    if (!Double.isFinite(mean)) {
      return new Outcome(null, "the provider reported a non-finite logprob");
    }
    return new Outcome(Math.max(0.0, Math.min(1.0, Math.exp(mean))), null);
  }
}
