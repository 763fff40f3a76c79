package dev.council.api.spi;

import dev.council.api.AggregateResult;
import dev.council.api.ValidationError;
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

  /**
   * Checks the options a round gives this aggregator before any member is called; pure. Every option
   * that would make {@link #aggregate} fail (an unknown {@code tieBreak}, a {@code seed} that is not a
   * whole number, a value of the wrong type) should be reported here, so a council cannot pay for its
   * members' calls and then fail at aggregation.
   *
   * @param options the round's options, as written in the council
   * @param path the JSON path of those options, e.g. {@code rounds[2].options}; errors name
   *     {@code path + "." + key}
   * @return the problems found, empty when none
   */
  default List<ValidationError> validate(Map<String, Object> options, String path) {
    return List.of();
  }
}
