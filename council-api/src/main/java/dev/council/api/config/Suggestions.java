package dev.council.api.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" for a name that is not known: the closest known name, when one is close enough to
 * be a typo. Close means, ignoring case, at most two edits apart (insertions, deletions, substitutions,
 * or swaps of two neighbouring letters; one edit for names of three letters or fewer), or one name
 * starting with the other (both at least three letters long). Of several, the fewest edits wins, then
 * the alphabetically first.
 *
 * <p>The engine answers unknown plugin, round type, aggregator, tool and provider names with it, and {@link
 * CouncilConfig#getEnum} a value that is none of an enum's constants; a plugin can end its own "unknown
 * name" problems the same way. Stateless and thread-safe.
 */
public final class Suggestions {
  private Suggestions() {}

  /** The known name closest to {@code name}, if one is close enough; never {@code name} itself. */
  public static Optional<String> closest(String name, Collection<String> known) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      if (candidate.equals(name)) {
        return Optional.empty();
      }
      String c = candidate.toLowerCase(Locale.ROOT);
      int d = distance(wanted, c);
      int limit = Math.min(wanted.length(), c.length()) <= 3 ? 1 : 2;
      boolean prefix = wanted.length() >= 3 && c.length() >= 3 && (c.startsWith(wanted) || wanted.startsWith(c));
      if (d > limit && !prefix) {
        continue;
      }
      int rank = d <= limit ? d : limit + 1;
      if (rank < bestDistance || (rank == bestDistance && best != null && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = rank;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code " Did you mean 'x'?"} for the {@link #closest} name, or an empty string. */
  public static String didYouMean(String name, Collection<String> known) {
    return closest(name, known).map(s -> " Did you mean '" + s + "'?").orElse("");
  }

  /**
   * {@code ". Did you mean 'x'?"} for the {@link #closest} name, or an empty string: to end a message
   * whose last sentence has no full stop yet.
   */
  public static String afterSentence(String name, Collection<String> known) {
    return closest(name, known).map(s -> ". Did you mean '" + s + "'?").orElse("");
  }

  /** Edits between {@code a} and {@code b} (optimal string alignment: adjacent swaps count as one). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
