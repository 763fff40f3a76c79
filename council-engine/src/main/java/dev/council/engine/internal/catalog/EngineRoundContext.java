package dev.council.engine.internal.catalog;

import dev.council.api.CouncilError;

/**
 * What the engine's own round context offers built-in round types beyond the public
 * {@link dev.council.api.spi.RoundContext}: the catalog of names, and failing the round with a given error.
 * Used from the run's thread during {@code RoundType.execute}.
 */
public interface EngineRoundContext {

  /** The engine's catalog (registered names, providers, round types, aggregators, tools). */
  Catalog catalog();

  /** Fails the round (and so the run) with {@code error}, in addition to any member failures. */
  void failRound(CouncilError error);

  /**
   * Adds usage the round incurred outside member calls (e.g. embedding requests) to the run's usage, so it
   * counts against the run's budget.
   */
  void addUsage(dev.council.api.Usage usage);
}
