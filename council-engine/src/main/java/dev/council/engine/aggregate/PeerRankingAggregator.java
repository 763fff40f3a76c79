package dev.council.engine.aggregate;

import dev.council.api.AggregateResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code peer_ranking}: Borda count over judges' orderings of anonymous labels ("Response A", ...), with
 * a per-judge report for audit and UIs. Each {@link Ballot} is one judge (its member id) ranking labels
 * in {@link Ballot#ordering()}.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code labelToMember}: label → member id. When given, its labels are the candidates, labels a
 *       judge invents are dropped from its ordering (listed in {@code details.unknownLabels}), and
 *       {@code details.winnerMember} names the member behind the winning label. Without it the
 *       candidates are the labels the ballots name.
 *   <li>{@code excludeSelf} (default {@code true}): a judge's ranking of its own label (the label that
 *       {@code labelToMember} maps to the judge's member id) is dropped before counting and recorded in
 *       {@code details.excludedSelfVotes} (judge → label).
 *   <li>{@code tieBreak} ({@code first} default, {@code random} with {@code seed}, {@code none}), as for
 *       {@link PluralityAggregator}.
 * </ul>
 *
 * <p>Scoring is {@link BordaAggregator}'s: with N candidates, position k (0-based) scores N-1-k, unlisted
 * candidates score 0 from that judge. {@code winner} and {@code tied} are labels. Details:
 * {@code judgeBallots} (judge → the ordering as counted), {@code averagePosition} (label → mean 1-based
 * position over the judges who ranked it; labels nobody ranked are absent), {@code votes} (label →
 * number of judges who ranked it), {@code labelToMember} (the option, when given), {@code winnerMember},
 * {@code excludedSelfVotes}, {@code unknownLabels}, {@code candidates} and the common entries. A judge
 * whose ordering is empty after cleaning is ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class PeerRankingAggregator implements Aggregator {
  /** The registered name. */
  public static final String NAME = "peer_ranking";

  /** Option: label → member id. */
  public static final String LABEL_TO_MEMBER = "labelToMember";

  /** Option: whether a judge's vote for its own label is dropped; default {@code true}. */
  public static final String EXCLUDE_SELF = "excludeSelf";

  @Override
  public String name() {
    return NAME;
  }

  /** Checks {@code tieBreak}, {@code seed}, {@code labelToMember} and {@code excludeSelf}. */
  @Override
  public List<ValidationError> validate(Map<String, Object> options, String path) {
    List<ValidationError> out = new ArrayList<>(TieBreak.validate(NAME, options, path));
    Options.checkStringMap(NAME, options, LABEL_TO_MEMBER, path, out);
    Options.checkBool(NAME, options, EXCLUDE_SELF, path, out);
    return out;
  }

  @Override
  public AggregateResult aggregate(List<Ballot> ballots, Map<String, Object> options) {
    TieBreak tieBreak = TieBreak.fromOptions(NAME, options);
    Map<String, String> labelToMember = Options.stringMap(NAME, options, LABEL_TO_MEMBER);
    boolean excludeSelf = Options.bool(NAME, options, EXCLUDE_SELF, true);
    boolean labelled = !labelToMember.isEmpty();

    Tally tally = new Tally(NAME, ballots);
    SortedSet<String> candidates = new TreeSet<>(labelToMember.keySet());
    SortedSet<String> unknownLabels = new TreeSet<>();
    Map<String, Object> excludedSelfVotes = new LinkedHashMap<>();
    Map<String, Object> judgeBallots = new LinkedHashMap<>();
    List<List<String>> orderings = new ArrayList<>();
    for (Ballot ballot : ballots) {
      List<String> ordering = new ArrayList<>();
      for (String label : Orderings.clean(ballot.ordering())) {
        if (labelled && !labelToMember.containsKey(label)) {
          unknownLabels.add(label);
        } else if (excludeSelf && ballot.memberId().equals(labelToMember.get(label))) {
          excludedSelfVotes.put(ballot.memberId(), label);
        } else {
          ordering.add(label);
        }
      }
      if (tally.admit(ballot, !ordering.isEmpty())) {
        orderings.add(List.copyOf(ordering));
        judgeBallots.put(ballot.memberId(), List.copyOf(ordering));
        candidates.addAll(ordering);
      }
    }

    Map<String, Object> details = tally.details();
    details.put("candidates", List.copyOf(candidates));
    details.put("judgeBallots", judgeBallots);
    details.put("averagePosition", averagePositions(orderings));
    details.put("votes", judgesPerLabel(orderings));
    details.put("excludedSelfVotes", excludedSelfVotes);
    details.put("unknownLabels", List.copyOf(unknownLabels));
    if (labelled) {
      details.put(LABEL_TO_MEMBER, labelToMember);
    }
    if (tally.noneCounted()) {
      return tally.nothingCounted(details);
    }
    AggregateResult result = tally.highestWins(Orderings.borda(orderings, candidates), tieBreak, details);
    if (labelled && result.winner() != null) {
      details.put("winnerMember", Objects.requireNonNull(labelToMember.get(result.winner())));
      return new AggregateResult(NAME, result.winner(), result.tied(), result.scores(), null, details);
    }
    return result;
  }

  private static Map<String, Object> averagePositions(List<List<String>> orderings) {
    Map<String, double[]> sums = new TreeMap<>();
    for (List<String> ordering : orderings) {
      for (int k = 0; k < ordering.size(); k++) {
        double[] sum = sums.computeIfAbsent(ordering.get(k), label -> new double[2]);
        sum[0] += k + 1;
        sum[1]++;
      }
    }
    Map<String, Object> averages = new LinkedHashMap<>();
    sums.forEach((label, sum) -> averages.put(label, sum[0] / sum[1]));
    return averages;
  }

  private static Map<String, Object> judgesPerLabel(List<List<String>> orderings) {
    Map<String, Integer> counts = new TreeMap<>();
    orderings.forEach(ordering -> ordering.forEach(label -> counts.merge(label, 1, Integer::sum)));
    return new LinkedHashMap<>(counts);
  }
}
