package dev.council.engine.aggregate;

import dev.council.api.AggregateResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code confidence_weighted}: each option's total is the sum of the confidences of the members who
 * chose it ({@link Ballot#choice()}, {@link Ballot#confidence()}); the highest total wins. With option
 * {@code weighted: true}, or {@code reliability: true} (the vote round then fills ballot weights from the
 * members' learned reliability, 0.5 for a member with no recorded outcome), each confidence is multiplied by its ballot's weight ({@link
 * Ballot#weight()}; absent counts as 1).
 *
 * <p>A vote without a confidence counts as {@value #DEFAULT_CONFIDENCE}, so with no confidences at all
 * this is plurality; a confidence outside [0, 1] or NaN makes the ballot ignored, as does a blank
 * choice. (The built-in rounds
 * build ballots with 0–100 and percentage confidences already scaled to [0, 1].)
 *
 * <p>Options: {@code tieBreak} ({@code first} default, {@code random} with {@code seed}, {@code none}),
 * as for {@link PluralityAggregator}; totals within a relative 1e-9 of each other are a tie. Scores: the
 * total per option. Details: {@code votes} (option → number of votes) and the common entries.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfidenceWeightedAggregator implements Aggregator {
  /** The registered name. */
  public static final String NAME = "confidence_weighted";

  /** The option that multiplies each confidence by its ballot's weight. */
  public static final String WEIGHTED = "weighted";

  /** The confidence a vote without one counts with. */
  public static final double DEFAULT_CONFIDENCE = 1.0;

  @Override
  public String name() {
    return NAME;
  }

  /** Checks {@code tieBreak}, {@code seed} and {@code weighted}. */
  @Override
  public List<ValidationError> validate(Map<String, Object> options, String path) {
    List<ValidationError> out = new java.util.ArrayList<>(TieBreak.validate(NAME, options, path));
    Options.checkBool(NAME, options, WEIGHTED, path, out);
    return out;
  }

  @Override
  public AggregateResult aggregate(List<Ballot> ballots, Map<String, Object> options) {
    TieBreak tieBreak = TieBreak.fromOptions(NAME, options);
    Tally tally = new Tally(NAME, ballots);
    Map<String, Double> totals = new TreeMap<>();
    Map<String, Integer> votes = new TreeMap<>();
    boolean weighted = Options.bool(NAME, options, WEIGHTED, false) || Boolean.TRUE.equals(options.get("reliability"));
    Confidences.byChoice(tally, ballots, DEFAULT_CONFIDENCE, weighted).forEach((choice, confidences) -> {
      totals.put(choice, confidences.stream().reduce(Double::sum).orElseThrow());
      votes.put(choice, confidences.size());
    });
    Map<String, Object> details = tally.details();
    details.put("votes", votes);
    if (tally.noneCounted()) {
      return tally.nothingCounted(details);
    }
    return tally.highestWins(totals, tieBreak, details);
  }
}
