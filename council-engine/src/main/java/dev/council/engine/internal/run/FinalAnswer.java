package dev.council.engine.internal.run;

import dev.council.api.AggregateResult;
import dev.council.api.Council;
import dev.council.api.MemberResult;
import dev.council.api.RoundResult;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Picks a run's final answer from its last round: the chair's synthesis; else the aggregate winner
 * (when the winner is a member, the answer of that member that was voted on); else the only
 * successful answer.
 */
final class FinalAnswer {
  private FinalAnswer() {}

  static @Nullable String of(Council council, List<RoundResult> rounds) {
    if (rounds.isEmpty()) {
      return null;
    }
    RoundResult last = rounds.get(rounds.size() - 1);
    List<MemberResult> ok = last.successful();
    if (Council.CHAIR_ROUNDS.contains(last.type())) {
      return ok.isEmpty() ? null : ok.get(ok.size() - 1).content();
    }
    AggregateResult agg = last.aggregate();
    if (agg != null && agg.winner() != null) {
      Object winnerMember = agg.details().get("winnerMember");
      String id = winnerMember instanceof String s ? s : agg.winner();
      for (int i = rounds.size() - 2; i >= 0; i--) {
        for (MemberResult m : rounds.get(i).successful()) {
          if (m.memberId().equals(id) && m.content() != null) {
            return m.content();
          }
        }
      }
      return agg.winner();
    }
    return ok.size() == 1 ? ok.get(0).content() : null;
  }
}
