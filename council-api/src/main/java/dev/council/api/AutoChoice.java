package dev.council.api;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The choice an auto council made: which catalog entry it ran, by which strategy, why, with what score,
 * and how long deciding took. Written into {@link Result#metadata()} and the {@code auto} round's metadata
 * under {@link ResultMetadata#AUTO}. Immutable and thread-safe.
 *
 * @param strategy the strategy that chose ({@code rules}, {@code embedding}, {@code llm_classify}, or
 *     {@code fallback} when no strategy matched and the fallback ran)
 * @param chosen the chosen catalog entry's id
 * @param reason why, in words (the rule that matched, the classifier's answer, ...)
 * @param score the strategy's score for the choice (cosine similarity for {@code embedding}), or null
 * @param latencyMillis how long the decision took, in milliseconds (not counting the chosen council's run)
 */
public record AutoChoice(String strategy, String chosen, String reason, @Nullable Double score, long latencyMillis)
    implements Serializable {
  public AutoChoice {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(chosen, "chosen");
    Objects.requireNonNull(reason, "reason");
  }

  /** The choice as the JSON-like map stored under {@link ResultMetadata#AUTO}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(ResultMetadata.AUTO_STRATEGY, strategy);
    m.put(ResultMetadata.AUTO_CHOSEN, chosen);
    m.put(ResultMetadata.AUTO_REASON, reason);
    if (score != null) {
      m.put(ResultMetadata.AUTO_SCORE, score);
    }
    m.put(ResultMetadata.AUTO_LATENCY_MS, latencyMillis);
    return m;
  }

  /** The choice stored in a map written by {@link #toMap()} (also after a JSON round trip); empty if it is none. */
  public static Optional<AutoChoice> fromMap(@Nullable Object value) {
    if (!(value instanceof Map<?, ?> m) || !(m.get(ResultMetadata.AUTO_CHOSEN) instanceof String chosen)) {
      return Optional.empty();
    }
    Object strategy = m.get(ResultMetadata.AUTO_STRATEGY);
    Object reason = m.get(ResultMetadata.AUTO_REASON);
    Double score = m.get(ResultMetadata.AUTO_SCORE) instanceof Number n ? n.doubleValue() : null;
    long latency = m.get(ResultMetadata.AUTO_LATENCY_MS) instanceof Number n ? n.longValue() : 0;
    return Optional.of(new AutoChoice(String.valueOf(strategy), chosen, String.valueOf(reason), score, latency));
  }

  /** The choice of the auto council that produced {@code result}; empty for other councils. */
  public static Optional<AutoChoice> of(Result result) {
    return fromMap(result.metadata().get(ResultMetadata.AUTO));
  }
}
