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
 * {@code vote}: each member votes for one choice — the round's {@code choices} option, or else the
 * answers of the latest round (by member id, own answer excluded unless {@code excludeSelf} is false) —
 * answering {@code {choice, rationale, confidence}} validated against a schema. Aggregated by the
 * {@code aggregator} option (default {@code plurality}).
 */
public final class Vote implements RoundType {
  public static final String NAME = "vote";

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
      String prompt = StructuredRounds.prompt(ctx, choices, allowed,
          choices.answers().isEmpty() ? "Vote for the best choice." : "Vote for the best answer.",
          "{\"choice\": \"<one of the choices>\", \"rationale\": \"<why>\", \"confidence\": <0 to 1>}");
      calls.add(StructuredRounds.call(m, prompt, "vote", StructuredRounds.voteSchema(allowed)));
    }
    List<MemberResult> results = ctx.invoke(calls);
    return StructuredRounds.result(ctx, NAME, results,
        StructuredRounds.aggregate(ctx, StructuredRounds.ballots(results, ctx), "plurality", Map.of()), Map.of());
  }
}
