package dev.council.api.spi;

import dev.council.api.AggregateResult;
import java.util.List;
import java.util.Map;

/**
 * Turns ballots into a winner and scores ({@code plurality}, {@code borda}, {@code condorcet}, ...).
 * Stateless, thread-safe and deterministic for equal inputs and options (random tie-breaks take a
 * {@code seed} option).
 */
public interface Aggregator {

  String name();

  /**
   * Aggregates. Never throws for unusual ballots: no ballots, ties and cycles are reported in the
   * result ({@link AggregateResult#noWinnerReason()}, {@link AggregateResult#tied()}).
   */
  AggregateResult aggregate(List<Ballot> ballots, Map<String, Object> options);
}
