package dev.council.engine.aggregate;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Ballot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Bookkeeping shared by the aggregators: which ballots counted, which were ignored, and how a score
 * table becomes a result. One per {@code aggregate} call; not thread-safe.
 */
final class Tally {
  /** Scores closer than this (relative to their size) are equal, so 0.1 + 0.2 ties with 0.3. */
  private static final double RELATIVE_EPSILON = 1e-9;

  private final String aggregator;
  private final int ballots;
  private final Set<String> countedMembers = new HashSet<>();
  private final List<String> ignoredMembers = new ArrayList<>();

  Tally(String aggregator, List<Ballot> ballots) {
    this.aggregator = aggregator;
    this.ballots = ballots.size();
  }

  /** Counts the ballot unless it is invalid or its member already counted; records it as ignored otherwise. */
  boolean admit(Ballot ballot, boolean valid) {
    if (valid && countedMembers.add(ballot.memberId())) {
      return true;
    }
    ignoredMembers.add(ballot.memberId());
    return false;
  }

  boolean noneCounted() {
    return countedMembers.isEmpty();
  }

  /** A fresh mutable details map holding the common entries, to which an aggregator adds its own. */
  Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("counted", countedMembers.size());
    details.put("ignored", ignoredMembers.size());
    details.put("ignoredMembers", List.copyOf(ignoredMembers));
    return details;
  }

  /** The result when nothing counted: {@code no_ballots} or {@code no_valid_ballots}. */
  AggregateResult nothingCounted(Map<String, Object> details) {
    String reason = ballots == 0 ? NoWinnerReasons.NO_BALLOTS : NoWinnerReasons.NO_VALID_BALLOTS;
    return new AggregateResult(aggregator, null, List.of(), Map.of(), reason, details);
  }

  /**
   * The result for a score table where the highest score wins; a tie for the top is listed in
   * {@code tied} and settled by {@code tieBreak}.
   */
  AggregateResult highestWins(Map<String, Double> scores, TieBreak tieBreak, Map<String, Object> details) {
    Map<String, Double> ranked = rankedByScore(scores);
    double best = ranked.values().iterator().next();
    List<String> top = ranked.entrySet().stream()
        .filter(e -> same(e.getValue(), best))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
    return topTier(ranked, top, tieBreak, details);
  }

  /** The result when {@code top} (sorted) holds the options sharing first place. */
  AggregateResult topTier(Map<String, Double> scores, List<String> top, TieBreak tieBreak, Map<String, Object> details) {
    if (top.size() == 1) {
      return new AggregateResult(aggregator, top.getFirst(), List.of(), scores, null, details);
    }
    @Nullable String winner = tieBreak.choose(aggregator, top);
    if (winner == null) {
      return new AggregateResult(aggregator, null, top, scores, NoWinnerReasons.TIE, details);
    }
    details.put("tieBreak", tieBreak.mode());
    return new AggregateResult(aggregator, winner, top, scores, null, details);
  }

  /** The scores ordered best first, then by name. */
  static Map<String, Double> rankedByScore(Map<String, Double> scores) {
    Map<String, Double> ranked = new LinkedHashMap<>();
    scores.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> ranked.put(e.getKey(), e.getValue()));
    return ranked;
  }

  static boolean same(double a, double b) {
    return Math.abs(a - b) <= RELATIVE_EPSILON * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  static boolean usable(@Nullable String text) {
    return text != null && !text.isBlank();
  }
}
