package dev.council.api;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * Limits for one run. When a limit is exceeded the run stops cleanly: in-flight calls finish or are
 * interrupted, the run fails with a {@link ErrorKind#VALIDATION} error naming the limit, and the partial
 * result is kept.
 *
 * @param maxTokens total input + output tokens, or null for no limit
 * @param maxCost total cost in US dollars (where providers report cost), or null for no limit
 */
public record Budget(@Nullable Long maxTokens, @Nullable Double maxCost) implements Serializable {
  public static final Budget UNLIMITED = new Budget(null, null);

  public static Budget ofTokens(long maxTokens) {
    return new Budget(maxTokens, null);
  }

  /** Whether {@code used} goes past a limit. */
  public boolean exceededBy(Usage used) {
    return (maxTokens != null && used.totalTokens() > maxTokens)
        || (maxCost != null && used.cost() != null && used.cost() > maxCost);
  }
}
