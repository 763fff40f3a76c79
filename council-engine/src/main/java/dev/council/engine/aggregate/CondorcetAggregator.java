package dev.council.engine.aggregate;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code condorcet}: the option that beats every other option in a pairwise majority wins. Pairwise
 * counts come from each member's {@link Ballot#ordering()}: a ballot prefers i to j when it lists i
 * above j, or lists i and not j; two unlisted options are level on that ballot.
 *
 * <p>When no option beats all others there is no winner (this aggregator has no tie-break):
 * {@code tied} lists the Smith set (the smallest set of options that each beat every option outside
 * it), and the reason is {@code condorcet_cycle} when majorities inside the Smith set form a cycle, or
 * {@code no_condorcet_winner} when only pairwise ties prevent a winner.
 *
 * <p>Scores: Copeland scores (1 per pairwise win, 0.5 per pairwise tie). Details: {@code candidates},
 * {@code pairwise} (i → j → ballots preferring i to j), {@code smithSet}, {@code cycle} (one majority
 * cycle as a list [x1, x2, ..., xk] meaning x1 beats x2 ... and xk beats x1; empty when there is none)
 * and the common entries. Ballots with an empty ordering are ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class CondorcetAggregator implements Aggregator {
  /** The registered name. */
  public static final String NAME = "condorcet";

  private static final int ON_PATH = 1;
  private static final int DONE = 2;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AggregateResult aggregate(List<Ballot> ballots, Map<String, Object> options) {
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
    Map<String, Double> copeland = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      double score = 0;
      for (int j = 0; j < n; j++) {
        if (i != j) {
          score += d[i][j] > d[j][i] ? 1.0 : d[i][j] == d[j][i] ? 0.5 : 0.0;
        }
      }
      copeland.put(candidates.get(i), score);
    }
    List<String> smith = smithSet(d, candidates);
    List<String> cycle = cycleWithin(d, candidates, smith);
    details.put("pairwise", Orderings.matrix(d, candidates));
    details.put("smithSet", smith);
    details.put("cycle", cycle);
    Map<String, Double> scores = Tally.rankedByScore(copeland);
    if (smith.size() == 1) {
      return new AggregateResult(NAME, smith.getFirst(), List.of(), scores, null, details);
    }
    String reason = cycle.isEmpty() ? NoWinnerReasons.NO_CONDORCET_WINNER : NoWinnerReasons.CONDORCET_CYCLE;
    return new AggregateResult(NAME, null, smith, scores, reason, details);
  }

  /**
   * The Smith set: the options from which every option is reachable through "beats or ties" steps. It
   * holds exactly one option precisely when that option is the Condorcet winner.
   */
  private static List<String> smithSet(int[][] d, List<String> candidates) {
    int n = candidates.size();
    boolean[][] reach = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        reach[i][j] = i == j || d[i][j] >= d[j][i];
      }
    }
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          reach[i][j] = reach[i][j] || (reach[i][k] && reach[k][j]);
        }
      }
    }
    List<String> smith = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean all = true;
      for (int j = 0; j < n; j++) {
        all &= reach[i][j];
      }
      if (all) {
        smith.add(candidates.get(i));
      }
    }
    return smith;
  }

  /**
   * One cycle of strict pairwise wins among {@code members}, found by depth-first search in alphabetical
   * order (so the same ballots always report the same cycle), or an empty list.
   */
  private static List<String> cycleWithin(int[][] d, List<String> candidates, List<String> members) {
    List<Integer> allowed = members.stream().map(candidates::indexOf).toList();
    int[] state = new int[candidates.size()];
    List<Integer> path = new ArrayList<>();
    for (int start : allowed) {
      List<Integer> found = search(start, d, allowed, state, path);
      if (!found.isEmpty()) {
        return found.stream().map(candidates::get).toList();
      }
    }
    return List.of();
  }

  private static List<Integer> search(int node, int[][] d, List<Integer> allowed, int[] state, List<Integer> path) {
    if (state[node] == DONE) {
      return List.of();
    }
    state[node] = ON_PATH;
    path.add(node);
    for (int next : allowed) {
      if (d[node][next] > d[next][node]) {
        if (state[next] == ON_PATH) {
          return List.copyOf(path.subList(path.indexOf(next), path.size()));
        }
        List<Integer> found = search(next, d, allowed, state, path);
        if (!found.isEmpty()) {
          return found;
        }
      }
    }
    path.removeLast();
    state[node] = DONE;
    return List.of();
  }
}
