package dev.council.engine.rounds;

import dev.council.api.spi.ReliabilityStore;
import dev.council.api.spi.RoundContext;
import dev.council.engine.internal.reliability.ReliabilitySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Learned reliability scores for rounds with option {@code reliability: true}. Stateless. */
final class Reliabilities {
  /** The round option that turns reliability weighting on. */
  static final String OPTION = "reliability";

  private Reliabilities() {}

  /**
   * The score of each member that has one in the run's feature bucket (the council's
   * {@code options.reliability.features} read from the run input); empty unless the round's
   * {@code reliability} option is true. Members without a score (cold start) are absent.
   */
  static Map<String, Double> scores(RoundContext ctx, List<String> memberIds) {
    Optional<ReliabilityStore> store = ctx.reliability();
    if (!ctx.round().optionBoolean(OPTION, false) || store.isEmpty()) {
      return Map.of();
    }
    Map<String, String> features = ReliabilitySettings.of(ctx.council()).features(ctx.input());
    Map<String, Double> out = new LinkedHashMap<>();
    for (String id : memberIds) {
      OptionalDouble s = store.get().score(id, features);
      if (s.isPresent()) {
        out.put(id, s.getAsDouble());
      }
    }
    return out;
  }
}
