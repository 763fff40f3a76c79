package dev.council.engine.rounds;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code debate}: each member sees every answer of the previous round (its own marked) and writes a
 * revised answer — one Mixture-of-Agents layer. Parallel; no aggregation.
 */
public final class Debate implements RoundType {
  public static final String NAME = "debate";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RoundTraits traits() {
    return new RoundTraits(RoundTraits.InputScope.PREVIOUS_ROUND, RoundTraits.Sharing.ALL, false, true);
  }

  /** Refuses councils too large for this round's quadratic prompts ({@code maxAnswersPerPrompt}). */
  @Override
  public List<ValidationError> validate(Round round, Council council, String path) {
    List<ValidationError> out = new ArrayList<>();
    RoundOptions.checkAnswersPerPrompt(round, council, path, false, out);
    return out;
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    List<MemberResult> answers = Answers.latest(ctx);
    List<MemberCall> calls = new ArrayList<>();
    for (Member m : ctx.participants()) {
      StringBuilder sb = Answers.questionBlock(ctx).append("Answers from the previous round:\n");
      for (MemberResult a : answers) {
        sb.append("\n### ").append(Answers.heading(ctx, a.memberId()))
            .append(a.memberId().equals(m.id()) ? " — your answer" : "").append('\n').append(a.content()).append('\n');
      }
      sb.append("\nUsing the strongest points of all these answers and correcting their mistakes, write an"
          + " improved answer to the question.");
      calls.add(MemberCall.of(m, sb.toString()));
    }
    return new RoundResult(ctx.round().name(), NAME, ctx.roundIndex(), ctx.iteration(), ctx.invoke(calls), null,
        Map.of());
  }
}
