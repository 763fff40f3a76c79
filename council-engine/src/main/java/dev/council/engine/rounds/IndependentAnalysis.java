package dev.council.engine.rounds;

import dev.council.api.MemberResult;
import dev.council.api.RoundResult;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import java.util.List;
import java.util.Map;

/**
 * {@code independent_analysis}: every participant answers the run input on its own, in parallel, seeing
 * nothing of the others. No aggregation.
 */
public final class IndependentAnalysis implements RoundType {
  public static final String NAME = "independent_analysis";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RoundTraits traits() {
    return new RoundTraits(RoundTraits.InputScope.ORIGINAL, RoundTraits.Sharing.SELF_ONLY, false, true);
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    String question = ctx.question();
    List<MemberCall> calls = ctx.participants().stream().map(m -> MemberCall.of(m, question)).toList();
    List<MemberResult> results = ctx.invoke(calls);
    return new RoundResult(ctx.round().name(), NAME, ctx.roundIndex(), ctx.iteration(), results, null, Map.of());
  }
}
