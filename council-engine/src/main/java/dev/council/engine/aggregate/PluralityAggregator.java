package dev.council.engine.aggregate;

import dev.council.api.AggregateResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code plurality}: one vote per member for its {@link Ballot#choice()}; the most votes wins. Weights
 * and confidences are not used (see {@code confidence_weighted} for that).
 *
 * <p>Options: {@code tieBreak} = {@code first} (alphabetically first of the tied options; default),
 * {@code random} (with integer option {@code seed}: the same seed always picks the same option), or
 * {@code none} (no winner, reason {@code tie}). An instance built with
 * {@link #PluralityAggregator(Function)} settles ties with that function instead and ignores
 * {@code tieBreak}.
 *
 * <p>Scores: votes per option. Details: {@code votes} (member id → choice, in ballot order) and the
 * common entries. Ballots without a non-blank choice are ignored.
 *
 * <p>Immutable and thread-safe; a custom tie-break function must be thread-safe too.
 */
public final class PluralityAggregator implements Aggregator {
  /** The registered name. */
  public static final String NAME = "plurality";

  private final @Nullable TieBreak custom;

  /** Settles ties as the {@code tieBreak} option says. */
  public PluralityAggregator() {
    this.custom = null;
  }

  /**
   * Settles every tie with {@code customTieBreak}, ignoring the {@code tieBreak} option.
   *
   * @param customTieBreak receives the tied options in alphabetical order (at least two) and returns
   *     the winner, which must be one of them, or null for no winner (reason {@code tie})
   */
  public PluralityAggregator(Function<List<String>, @Nullable String> customTieBreak) {
    this.custom = TieBreak.custom(Objects.requireNonNull(customTieBreak, "customTieBreak"));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Checks {@code tieBreak} and {@code seed}, unless a custom tie-break replaces them. */
  @Override
  public List<ValidationError> validate(Map<String, Object> options, String path) {
    return custom != null ? List.of() : TieBreak.validate(NAME, options, path);
  }

  @Override
  public AggregateResult aggregate(List<Ballot> ballots, Map<String, Object> options) {
    TieBreak tieBreak = custom != null ? custom : TieBreak.fromOptions(NAME, options);
    Tally tally = new Tally(NAME, ballots);
    Map<String, Double> counts = new TreeMap<>();
    Map<String, Object> votes = new LinkedHashMap<>();
    for (Ballot ballot : ballots) {
      if (tally.admit(ballot, Tally.usable(ballot.choice()))) {
        String choice = Objects.requireNonNull(ballot.choice()).strip();
        counts.merge(choice, 1.0, Double::sum);
        votes.put(ballot.memberId(), choice);
      }
    }
    Map<String, Object> details = tally.details();
    details.put("votes", votes);
    if (tally.noneCounted()) {
      return tally.nothingCounted(details);
    }
    return tally.highestWins(counts, tieBreak, details);
  }
}
