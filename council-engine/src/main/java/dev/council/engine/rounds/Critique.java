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
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code critique}: each member critiques its peers' latest answers (text only: no ids, roles or
 * confidence) and states its revised answer. Parallel. Converged — for {@code iterate} — when no member's
 * answer changed from the previous iteration.
 */
public final class Critique implements RoundType {
  public static final String NAME = "critique";

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
      calls.add(MemberCall.of(m, Answers.reviewPrompt(ctx, m, answers, "Your current answer:", "Other answers:",
          (n, peer) -> "--- answer " + n + " ---",
          "Critique the other answers point by point, then state your revised answer. If you are"
              + " convinced your current answer is right, repeat it unchanged.")));
    }
    return new RoundResult(ctx.round().name(), NAME, ctx.roundIndex(), ctx.iteration(), ctx.invoke(calls), null,
        Map.of());
  }

  @Override
  public boolean converged(@Nullable RoundResult previous, RoundResult current) {
    if (previous == null) {
      return false;
    }
    for (MemberResult m : current.members()) {
      MemberResult before = previous.member(m.memberId()).orElse(null);
      if (before == null || !normalize(before.content()).equals(normalize(m.content()))) {
        return false;
      }
    }
    return true;
  }

  private static String normalize(@Nullable String s) {
    return s == null ? "" : s.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
