package dev.council.engine.rounds;

import dev.council.api.Council;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.IterationPredicate;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code iterate}: repeats its one inner round until the {@code until} predicate (a registered name)
 * says done, else until the inner round type reports convergence, else {@code maxIterations} (default
 * 3). Each iteration is a round of its own in events and results; this round's result repeats the last
 * iteration's members and aggregate, with {@code iterations} and {@code stopReason}
 * ({@code until | converged | max_iterations | no_answers}) in its metadata.
 */
public final class Iterate implements RoundType {
  public static final String NAME = "iterate";
  public static final int DEFAULT_MAX_ITERATIONS = 3;
  /**
   * The largest {@code maxIterations} accepted: every iteration is a round of member calls, so a larger
   * value is a mistake rather than a plan.
   */
  public static final int MAX_ITERATIONS = 100;

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
    if (round.inner().size() != 1) {
      out.add(new ValidationError(path + ".rounds", "invalid_value", "iterate wraps exactly one round, found "
          + round.inner().size() + "; put the repeated round in its rounds list"));
    }
    RoundOptions.wholeNumber(round, "maxIterations", 1, MAX_ITERATIONS, path, out);
    RoundOptions.string(round, "until", path, out);
    return out;
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    Round inner = ctx.round().inner().get(0);
    RoundType innerType = ctx.roundType(inner.type());
    int max = ctx.round().optionInt("maxIterations", DEFAULT_MAX_ITERATIONS);
    Object untilName = ctx.round().options().get("until");
    IterationPredicate until = untilName == null ? null : ctx.predicate(untilName.toString()).orElseThrow(() ->
        new IllegalStateException("iteration predicate '" + untilName + "' is not registered"));
    RoundResult previous = null;
    RoundResult current = null;
    String stop = "max_iterations";
    int iterations = 0;
    for (int i = 0; i < max; i++) {
      current = ctx.runInner(inner, i);
      iterations++;
      if (current.successful().isEmpty()) {
        stop = "no_answers";
        break;
      }
      if (until != null && until.done(previous, current)) {
        stop = "until";
        break;
      }
      if (innerType.converged(previous, current)) {
        stop = "converged";
        break;
      }
      previous = current;
    }
    RoundResult last = java.util.Objects.requireNonNull(current);
    Map<String, Object> meta = new LinkedHashMap<>(last.metadata());
    meta.put("iterations", iterations);
    meta.put("stopReason", stop);
    meta.put("inner", inner.type());
    return new RoundResult(ctx.round().name(), NAME, ctx.roundIndex(), ctx.iteration(), last.members(),
        last.aggregate(), meta);
  }

  @Override
  public boolean converged(@Nullable RoundResult previous, RoundResult current) {
    return false;
  }
}
