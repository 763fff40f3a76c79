package dev.council.api;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of aggregating a round's structured outputs. Ties and no-winner outcomes are explicit.
 *
 * @param aggregator the aggregator name
 * @param winner the winning option, or null when there is none
 * @param tied the options tied for first place (empty when there is a clear winner or no ballots); when
 *     a tie-break chose a winner it is among them
 * @param scores a score per option (meaning depends on the aggregator)
 * @param noWinnerReason why there is no winner (e.g. {@code condorcet_cycle}, {@code no_ballots}), or null
 * @param details aggregator-specific raw data (per-judge ballots, label map, cycle, ...)
 */
public record AggregateResult(
    String aggregator,
    @Nullable String winner,
    List<String> tied,
    Map<String, Double> scores,
    @Nullable String noWinnerReason,
    Map<String, Object> details)
    implements Serializable {

  public AggregateResult {
    Objects.requireNonNull(aggregator, "aggregator");
    tied = tied == null ? List.of() : List.copyOf(tied);
    scores = scores == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
    details = details == null ? Map.of() : JsonTrees.copyTree(details);
  }

  public boolean hasWinner() {
    return winner != null;
  }
}
