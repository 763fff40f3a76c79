package dev.council.engine.aggregate;

import dev.council.api.AggregateResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import java.util.List;
import java.util.Map;

/**
 * {@code borda}: Borda count over each member's {@link Ballot#ordering()}. With N candidates (every
 * option named by any counted ballot), position k (0-based) of a ballot scores N-1-k, and a candidate a
 * ballot does not list scores 0 from it. The highest total wins.
 *
 * <p>Options: {@code tieBreak} ({@code first} default, {@code random} with {@code seed}, {@code none}),
 * as for {@link PluralityAggregator}. Scores: Borda points per candidate. Details: {@code candidates}
 * (sorted) and the common entries. Orderings are cleaned first (names stripped, blanks and repeats
 * dropped); a ballot whose ordering is then empty is ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class BordaAggregator implements Aggregator {
  /** The registered name. */
  public static final String NAME = "borda";

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
    Orderings.Counted counted = Orderings.count(tally, ballots);
    Map<String, Object> details = tally.details();
    details.put("candidates", counted.candidates());
    if (tally.noneCounted()) {
      return tally.nothingCounted(details);
    }
    return tally.highestWins(Orderings.borda(counted.orderings(), counted.candidates()), tieBreak, details);
  }
}
