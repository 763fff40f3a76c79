package dev.council.engine.aggregate;

import dev.council.api.AggregateResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code median_confidence}: for each option, the median of the confidences of the members who chose
 * it ({@link Ballot#choice()}, {@link Ballot#confidence()}); the highest median wins, however many
 * votes it had. The median of an even count is the mean of the two middle values.
 *
 * <p>A vote without a confidence counts as {@value #DEFAULT_CONFIDENCE} (a plain vote is cast with full
 * confidence, as in {@code plurality}); a confidence outside [0, 1] or NaN makes the ballot ignored,
 * as does a blank choice. (The built-in rounds
 * build ballots with 0–100 and percentage confidences already scaled to [0, 1].)
 *
 * <p>Options: {@code tieBreak} ({@code first} default, {@code random} with {@code seed}, {@code none}),
 * as for {@link PluralityAggregator}. Scores: the median per option. Details: {@code votes} (option →
 * number of votes), {@code confidences} (option → the confidences counted, in ballot order) and the
 * common entries.
 *
 * <p>Stateless and thread-safe.
 */
public final class MedianConfidenceAggregator implements Aggregator {
  /** The registered name. */
  public static final String NAME = "median_confidence";

  /** The confidence a vote without one counts with. */
  public static final double DEFAULT_CONFIDENCE = 1.0;

  @Override
  public String name() {
    return NAME;
  }

  /** Checks {@code tieBreak} and {@code seed}. */
  @Override
  public List<ValidationError> validate(Map<String, Object> options, String path) {
    return TieBreak.validate(NAME, options, path);
  }

  @Override
  public AggregateResult aggregate(List<Ballot> ballots, Map<String, Object> options) {
    TieBreak tieBreak = TieBreak.fromOptions(NAME, options);
    Tally tally = new Tally(NAME, ballots);
    Map<String, List<Double>> byChoice = Confidences.byChoice(tally, ballots, DEFAULT_CONFIDENCE);
    Map<String, Object> details = tally.details();
    Map<String, Object> votes = new LinkedHashMap<>();
    Map<String, Object> confidences = new LinkedHashMap<>();
    Map<String, Double> medians = new LinkedHashMap<>();
    byChoice.forEach((choice, values) -> {
      votes.put(choice, values.size());
      confidences.put(choice, List.copyOf(values));
      medians.put(choice, median(values));
    });
    details.put("votes", votes);
    details.put("confidences", confidences);
    if (tally.noneCounted()) {
      return tally.nothingCounted(details);
    }
    return tally.highestWins(medians, tieBreak, details);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
  }
}
