package dev.council.engine.aggregate;

/**
 * The values the built-in aggregators put in {@link dev.council.api.AggregateResult#noWinnerReason()}.
 * Constants only; no instances.
 */
public final class NoWinnerReasons {
  /** The aggregator received no ballots at all. */
  public static final String NO_BALLOTS = "no_ballots";

  /** Ballots arrived, but none carried the field the aggregator reads; see {@code details.ignored}. */
  public static final String NO_VALID_BALLOTS = "no_valid_ballots";

  /** Several options share the best score and the tie-break rule is {@code none}. */
  public static final String TIE = "tie";

  /** {@code condorcet}: the pairwise majorities form a cycle, so no option beats every other. */
  public static final String CONDORCET_CYCLE = "condorcet_cycle";

  /** {@code condorcet}: no cycle, but pairwise ties keep every option from beating all others. */
  public static final String NO_CONDORCET_WINNER = "no_condorcet_winner";

  /** {@code weighted_mean}: the result is a number, reported in the scores, not a winning option. */
  public static final String NUMERIC_AGGREGATE = "numeric_aggregate";

  /** {@code weighted_mean}: every counted ballot had weight 0, so no mean exists. */
  public static final String ZERO_WEIGHT = "zero_weight";

  private NoWinnerReasons() {}
}
