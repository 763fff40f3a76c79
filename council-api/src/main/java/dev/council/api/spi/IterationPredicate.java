package dev.council.api.spi;

import dev.council.api.RoundResult;
import org.jspecify.annotations.Nullable;

/**
 * Decides when {@code iterate} stops: registered by name and referred to by the round's {@code until}
 * option. Thread-safe.
 */
@FunctionalInterface
public interface IterationPredicate {

  /**
   * @param previous the previous iteration's result, or null after the first iteration
   * @param current the iteration that just finished
   * @return true to stop iterating
   */
  boolean done(@Nullable RoundResult previous, RoundResult current);
}
