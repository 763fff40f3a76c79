package dev.council.engine.rounds;

import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.RoundResult;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ranking}: each member orders the choices (the {@code choices} option, or the latest answers by
 * member id, own excluded unless {@code excludeSelf} is false), answering {@code {ordering, rationale}}.
 * Aggregated by the {@code aggregator} option (default {@code borda}).
 */
public final class Ranking implements RoundType {
  public static final String NAME = "ranking";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RoundTraits traits() {
    return new RoundTraits(RoundTraits.InputScope.PREVIOUS_ROUND, RoundTraits.Sharing.ALL, false, true);
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    StructuredRounds.Choices choices = StructuredRounds.choices(ctx);
    boolean excludeSelf = ctx.round().optionBoolean("excludeSelf", true);
    List<MemberCall> calls = new ArrayList<>();
    for (Member m : ctx.participants()) {
      List<String> allowed = choices.forVoter(m, excludeSelf);
      String prompt = StructuredRounds.prompt(ctx, choices, allowed, "Rank the choices from best to worst.",
          "{\"ordering\": [\"<best>\", \"...\", \"<worst>\"], \"rationale\": \"<why>\"}");
      calls.add(StructuredRounds.call(m, prompt, "ranking", StructuredRounds.rankingSchema(allowed)));
    }
    List<MemberResult> results = ctx.invoke(calls);
    return StructuredRounds.result(ctx, NAME, results,
        StructuredRounds.aggregate(ctx, StructuredRounds.ballots(results, ctx), "borda", Map.of()), Map.of());
  }
}
