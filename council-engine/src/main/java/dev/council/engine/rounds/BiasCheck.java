package dev.council.engine.rounds;

import dev.council.api.Council;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import dev.council.engine.diagnostics.BiasDetector;
import dev.council.engine.diagnostics.BiasReport;
import dev.council.engine.internal.support.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bias_check}: a diagnostic round that calls no model. It runs {@link BiasDetector} over the
 * latest answers (the previous round with successful answers) and puts the report under {@code bias} in
 * its round metadata; it has no member results, so later rounds (a chair's synthesis) still see the
 * answers before it. Place it before the chair's round: the final answer comes from the last round.
 *
 * <p>Options: {@code lexicon} (an object of axis → list of terms; default {@link
 * BiasDetector#DEFAULT_LEXICON}) and {@code threshold} (0 to 1, default {@value
 * BiasDetector#DEFAULT_THRESHOLD}). Stateless.
 */
public final class BiasCheck implements RoundType {
  public static final String NAME = "bias_check";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RoundTraits traits() {
    return new RoundTraits(RoundTraits.InputScope.PREVIOUS_ROUND, RoundTraits.Sharing.ALL, false, false);
  }

  @Override
  public List<ValidationError> validate(Round round, Council council, String path) {
    List<ValidationError> out = new ArrayList<>();
    Object lexicon = round.options().get("lexicon");
    if (lexicon != null) {
      if (!(lexicon instanceof Map<?, ?> m) || m.isEmpty()) {
        out.add(new ValidationError(path + ".options.lexicon", "invalid_type", "lexicon must be a non-empty object"
            + " of axis -> list of terms, e.g. {\"gender\": [\"he\", \"she\"]}, got " + JsonValues.describe(lexicon)));
      } else {
        m.forEach((axis, terms) -> {
          if (!(terms instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(t -> t instanceof String s
              && !s.isBlank()))) {
            out.add(new ValidationError(path + ".options.lexicon." + axis, "invalid_type", "axis '" + axis
                + "' must list at least one non-blank term, got " + JsonValues.describe(terms)));
          }
        });
      }
    }
    Object threshold = round.options().get("threshold");
    if (threshold != null && !(threshold instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
      out.add(new ValidationError(path + ".options.threshold", "invalid_value", "threshold must be a number from 0"
          + " to 1, got " + JsonValues.describe(threshold)));
    }
    return out;
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    BiasReport report = BiasDetector.analyze(Answers.latest(ctx), lexicon(ctx.round()),
        ctx.round().option("threshold").filter(Number.class::isInstance).map(n -> ((Number) n).doubleValue())
            .orElse(BiasDetector.DEFAULT_THRESHOLD));
    return new RoundResult(ctx.round().name(), NAME, ctx.roundIndex(), ctx.iteration(), List.of(), null,
        Map.of("bias", report.toMap()));
  }

  private static Map<String, List<String>> lexicon(Round round) {
    if (!(round.options().get("lexicon") instanceof Map<?, ?> m)) {
      return BiasDetector.DEFAULT_LEXICON;
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((axis, terms) -> out.put(String.valueOf(axis), ((List<?>) terms).stream().map(String::valueOf).toList()));
    return out;
  }
}
