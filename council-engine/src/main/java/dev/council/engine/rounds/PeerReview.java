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
 * {@code peer_review}: each member sees the question, its own previous answer and its peers' previous
 * answers under their ids and roles, reviews them and gives an improved answer. Parallel; no
 * aggregation.
 */
public final class PeerReview implements RoundType {
  public static final String NAME = "peer_review";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RoundTraits traits() {
    return new RoundTraits(RoundTraits.InputScope.PREVIOUS_ROUND, RoundTraits.Sharing.PEERS, false, true);
  }

  /** Refuses councils too large for this round's quadratic prompts ({@code maxAnswersPerPrompt}). */
  @Override
  public List<ValidationError> validate(Round round, Council council, String path) {
    List<ValidationError> out = new ArrayList<>();
    RoundOptions.checkAnswersPerPrompt(round, council, path, true, out);
    return out;
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    Map<String, MemberResult> answers = Answers.latestById(ctx);
    List<MemberCall> calls = new ArrayList<>();
    for (Member m : ctx.participants()) {
      calls.add(MemberCall.of(m, prompt(ctx, m, answers)));
    }
    return new RoundResult(ctx.round().name(), NAME, ctx.roundIndex(), ctx.iteration(), ctx.invoke(calls), null,
        Map.of());
  }

  static String prompt(RoundContext ctx, Member reviewer, Map<String, MemberResult> answers) {
    return Answers.reviewPrompt(ctx, reviewer, answers, "Your previous answer:",
        "Answers from the other council members:", (n, peer) -> "### " + Answers.heading(ctx, peer.memberId()),
        "Review these answers: say what is right and what is wrong in each, then give your own"
            + " improved answer to the question.");
  }
}
