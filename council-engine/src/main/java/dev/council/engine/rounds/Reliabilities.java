package dev.council.engine.rounds;

import dev.council.api.spi.ReliabilityStore;
import dev.council.api.spi.RoundContext;
import dev.council.engine.internal.reliability.ReliabilitySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Learned reliability scores for rounds with option {@code reliability: true}: the one place every round that
 * weighs by reliability reads them, so all apply the same cold-start rule. Stateless.
 */
final class Reliabilities {
  /** The round option that turns reliability weighting on. */
  static final String OPTION = "reliability";

  /**
   * The score of a member with no recorded outcome in the bucket (cold start), or whose store cannot answer:
   * the prior of the Laplace-smoothed mean, {@code laplace(0, 0)} = 0.5. A learned score moves away from it
   * with each outcome, so an unknown member weighs less than one that has usually been right and more than
   * one that has usually been wrong.
   */
  static final double COLD_START_SCORE = ReliabilityStore.laplace(0, 0);

  private Reliabilities() {}

  /**
   * The score of each member in the run's feature bucket (the council's {@code options.reliability.features}
   * read from the run input): its learned score, else {@link #COLD_START_SCORE}. Empty unless the round's
   * {@code reliability} option is true.
   */
  static Map<String, Double> scores(RoundContext ctx, List<String> memberIds) {
    Optional<ReliabilityStore> store = ctx.reliability();
    if (!ctx.round().optionBoolean(OPTION, false) || store.isEmpty()) {
      return Map.of();
    }
    Map<String, String> features = ReliabilitySettings.of(ctx.council()).features(ctx.input());
    Map<String, Double> out = new LinkedHashMap<>();
    for (String id : memberIds) {
      out.put(id, store.get().score(id, features).orElse(COLD_START_SCORE));
    }
    return out;
  }
}
