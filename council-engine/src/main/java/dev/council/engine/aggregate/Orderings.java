package dev.council.engine.aggregate;

import dev.council.api.spi.Ballot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Ranked-ballot arithmetic shared by {@code borda}, {@code peer_ranking}, {@code condorcet} and {@code schulze}. */
final class Orderings {
  private Orderings() {}

  /** The ordering with names stripped, blanks dropped and repeats after the first mention dropped. */
  static List<String> clean(List<String> ordering) {
    Set<String> seen = new LinkedHashSet<>();
    for (String name : ordering) {
      if (Tally.usable(name)) {
        seen.add(name.strip());
      }
    }
    return List.copyOf(seen);
  }

  /**
   * The cleaned orderings of the ballots a {@link Tally} admitted, in ballot order, and every option they
   * name, sorted.
   */
  record Counted(List<List<String>> orderings, List<String> candidates) {}

  /** Admits each ballot into {@code tally} unless its cleaned ordering is empty (or its member already counted). */
  static Counted count(Tally tally, List<Ballot> ballots) {
    List<List<String>> orderings = new ArrayList<>();
    Set<String> names = new TreeSet<>();
    for (Ballot ballot : ballots) {
      List<String> ordering = clean(ballot.ordering());
      if (tally.admit(ballot, !ordering.isEmpty())) {
        orderings.add(ordering);
        names.addAll(ordering);
      }
    }
    return new Counted(List.copyOf(orderings), List.copyOf(names));
  }

  /**
   * Borda points: with N candidates, position k (0-based) of a ballot scores N-1-k, and a candidate the
   * ballot does not list scores 0 from it. Every candidate gets an entry.
   */
  static Map<String, Double> borda(List<List<String>> orderings, Collection<String> candidates) {
    int n = candidates.size();
    Map<String, Double> points = new LinkedHashMap<>();
    candidates.forEach(c -> points.put(c, 0.0));
    for (List<String> ordering : orderings) {
      for (int k = 0; k < ordering.size(); k++) {
        points.merge(ordering.get(k), (double) (n - 1 - k), Double::sum);
      }
    }
    return points;
  }

  /**
   * Pairwise preference counts {@code d[i][j]}: the number of ballots ranking candidate i above j. A
   * listed candidate is above every unlisted one; unlisted candidates are level with each other.
   */
  static int[][] pairwise(List<List<String>> orderings, List<String> candidates) {
    int n = candidates.size();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(candidates.get(i), i);
    }
    int[][] d = new int[n][n];
    for (List<String> ordering : orderings) {
      int[] rank = new int[n];
      Arrays.fill(rank, Integer.MAX_VALUE);
      for (int k = 0; k < ordering.size(); k++) {
        rank[index.get(ordering.get(k))] = k;
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (rank[i] < rank[j]) {
            d[i][j]++;
          }
        }
      }
    }
    return d;
  }

  /** A matrix as nested maps {@code row → (column → value)}, skipping the diagonal, for details. */
  static Map<String, Object> matrix(int[][] m, List<String> candidates) {
    Map<String, Object> rows = new LinkedHashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int j = 0; j < candidates.size(); j++) {
        if (i != j) {
          row.put(candidates.get(j), m[i][j]);
        }
      }
      rows.put(candidates.get(i), row);
    }
    return rows;
  }
}
