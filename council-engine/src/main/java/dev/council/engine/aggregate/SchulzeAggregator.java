package dev.council.engine.aggregate;

import dev.council.api.AggregateResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code schulze}: the Schulze (beatpath) method over each member's {@link Ballot#ordering()}. Pairwise
 * counts are taken as in {@link CondorcetAggregator}; a direct link i→j has strength d[i][j] when
 * d[i][j] &gt; d[j][i] (else 0), the strength of a path is its weakest link, and i ranks above j when
 * the strongest path from i to j is stronger than the strongest path back. This relation is
 * transitive, so it always yields a ranking, though some options may share a place.
 *
 * <p>Options: {@code tieBreak} ({@code first} default, {@code random} with {@code seed}, {@code none})
 * settles a shared first place, as for {@link PluralityAggregator}; the shared place is listed in
 * {@code tied} either way.
 *
 * <p>Scores: how many options each option ranks above. Details: {@code candidates}, {@code pairwise}
 * (i → j → d[i][j]), {@code strongestPaths} (i → j → strength), {@code ranking} (places best first,
 * each a sorted list; a place with several options is a tie) and the common entries. Ballots with an
 * empty ordering are ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class SchulzeAggregator implements Aggregator {
  /** The registered name. */
  public static final String NAME = "schulze";

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
    List<String> candidates = counted.candidates();
    Map<String, Object> details = tally.details();
    details.put("candidates", candidates);
    if (tally.noneCounted()) {
      return tally.nothingCounted(details);
    }
    int n = candidates.size();
    int[][] d = Orderings.pairwise(counted.orderings(), candidates);
    int[][] p = strongestPaths(d);
    Map<String, Double> beaten = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int count = 0;
      for (int j = 0; j < n; j++) {
        if (i != j && p[i][j] > p[j][i]) {
          count++;
        }
      }
      beaten.put(candidates.get(i), (double) count);
    }
    List<List<String>> ranking = ranking(p, candidates);
    details.put("pairwise", Orderings.matrix(d, candidates));
    details.put("strongestPaths", Orderings.matrix(p, candidates));
    details.put("ranking", ranking);
    return tally.topTier(Tally.rankedByScore(beaten), ranking.getFirst(), tieBreak, details);
  }

  /** Widest paths by Floyd–Warshall, as in Schulze (2011), section 2.3. */
  private static int[][] strongestPaths(int[][] d) {
    int n = d.length;
    int[][] p = new int[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j && d[i][j] > d[j][i]) {
          p[i][j] = d[i][j];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        for (int k = 0; k < n; k++) {
          if (i != k && j != k) {
            p[j][k] = Math.max(p[j][k], Math.min(p[j][i], p[i][k]));
          }
        }
      }
    }
    return p;
  }

  /** Places best first: each place holds the remaining options that no remaining option ranks above. */
  private static List<List<String>> ranking(int[][] p, List<String> candidates) {
    List<Integer> remaining = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      remaining.add(i);
    }
    List<List<String>> places = new ArrayList<>();
    while (!remaining.isEmpty()) {
      List<Integer> place = remaining.stream()
          .filter(i -> remaining.stream().noneMatch(j -> p[j][i] > p[i][j]))
          .toList();
      places.add(place.stream().map(candidates::get).toList());
      remaining.removeAll(place);
    }
    return places;
  }
}
