package dev.council.engine.aggregate;

import dev.council.api.spi.Ballot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Confidence checks shared by the confidence-based aggregators. */
final class Confidences {
  private Confidences() {}

  /** Absent, or a number in [0, 1]. */
  static boolean valid(@Nullable Double confidence) {
    return confidence == null || (confidence >= 0.0 && confidence <= 1.0);
  }

  private static double weight(@Nullable Double weight) {
    return weight == null || !(weight >= 0 && weight < Double.POSITIVE_INFINITY) ? 1.0 : weight;
  }

  static double orDefault(@Nullable Double confidence, double fallback) {
    return confidence == null ? fallback : confidence;
  }

  /**
   * Admits each ballot into {@code tally} when its choice is not blank and its confidence is valid, and
   * returns the admitted confidences (absent ones as {@code fallback}) by stripped choice, sorted by
   * choice, each list in ballot order.
   */
  static Map<String, List<Double>> byChoice(Tally tally, List<Ballot> ballots, double fallback) {
    return byChoice(tally, ballots, fallback, false);
  }

  /**
   * As {@link #byChoice(Tally, List, double)}; when {@code weighted}, each confidence is multiplied by its
   * ballot's weight (absent or invalid weights count as 1).
   */
  static Map<String, List<Double>> byChoice(Tally tally, List<Ballot> ballots, double fallback, boolean weighted) {
    Map<String, List<Double>> byChoice = new TreeMap<>();
    for (Ballot ballot : ballots) {
      if (tally.admit(ballot, Tally.usable(ballot.choice()) && valid(ballot.confidence()))) {
        byChoice.computeIfAbsent(Objects.requireNonNull(ballot.choice()).strip(), c -> new ArrayList<>())
            .add(orDefault(ballot.confidence(), fallback) * (weighted ? weight(ballot.weight()) : 1.0));
      }
    }
    return byChoice;
  }
}
