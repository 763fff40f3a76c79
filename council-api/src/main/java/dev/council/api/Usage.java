package dev.council.api;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * Tokens (and cost, when the provider reports it) consumed by one call, a member, a round or a run.
 *
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 * @param cost cost in US dollars as reported by the provider, or null when unknown
 */
public record Usage(long inputTokens, long outputTokens, @Nullable Double cost) implements Serializable {
  public static final Usage ZERO = new Usage(0, 0, null);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
  }

  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, null);
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /** The sum of both; returns an operand as it is when the other counts nothing (no tokens, no cost). */
  public Usage plus(Usage other) {
    if (other.isZero()) {
      return this;
    }
    if (isZero()) {
      return other;
    }
    Double c;
    if (cost == null) {
      c = other.cost;
    } else if (other.cost == null) {
      c = cost;
    } else {
      c = cost + other.cost;
    }
    return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens, c);
  }

  private boolean isZero() {
    return inputTokens == 0 && outputTokens == 0 && cost == null;
  }
}
