package dev.council.engine.rounds;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.Usage;
import dev.council.api.ValidationError;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.PairwiseJudge;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * {@code pairwise_elimination}: one bracket level of a tournament. The survivors — the {@code remaining}
 * of the latest bracket round, or else the latest answers — are paired in council order; an odd one out
 * gets a bye. Each pair is judged in parallel by the {@code judge} option: a registered {@link
 * PairwiseJudge} name, a member id, or {@code chair} (the default), which is shown the two answers as
 * "Response A"/"Response B" (order swapped for half the pairs, seeded) and must vote. Winners and byes
 * carry their answer forward ({@code OK}); losers are {@code ELIMINATED} with reason
 * {@code tournament_loss}. Metadata: {@code remaining}, {@code eliminated}, {@code pairs}. Wrap it in
 * {@code iterate}: it converges when one answer remains.
 */
public final class PairwiseElimination implements RoundType {
  public static final String NAME = "pairwise_elimination";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RoundTraits traits() {
    return new RoundTraits(RoundTraits.InputScope.PREVIOUS_ROUND, RoundTraits.Sharing.PEERS, true, true);
  }

  @Override
  public List<ValidationError> validate(Round round, Council council, String path) {
    List<ValidationError> out = new ArrayList<>();
    RoundOptions.string(round, "judge", path, out);
    return out;
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    List<MemberResult> survivors = survivors(ctx);
    List<MemberResult> members = new ArrayList<>();
    List<String> remaining = new ArrayList<>();
    List<String> eliminated = new ArrayList<>();
    List<Object> pairs = new ArrayList<>();
    if (survivors.size() <= 1) {
      survivors.forEach(s -> {
        members.add(carry(s, Map.of("bye", true)));
        remaining.add(s.memberId());
      });
      return result(ctx, members, remaining, eliminated, pairs);
    }
    String judgeName = ctx.round().optionString("judge", "chair");
    Optional<PairwiseJudge> fn = ctx.judge(judgeName);
    Random swap = new Random(ctx.seed());
    List<MemberResult[]> matches = new ArrayList<>();
    for (int i = 0; i + 1 < survivors.size(); i += 2) {
      matches.add(new MemberResult[] {survivors.get(i), survivors.get(i + 1)});
    }
    MemberResult bye = survivors.size() % 2 == 1 ? survivors.get(survivors.size() - 1) : null;
    List<String> winners = new ArrayList<>();
    List<String> judgeNotes = new ArrayList<>();
    if (fn.isPresent()) {
      for (MemberResult[] m : matches) {
        String w = fn.get().choose(ctx.question(), m[0], m[1]);
        winners.add(w.equals(m[1].memberId()) ? m[1].memberId() : m[0].memberId());
        judgeNotes.add(judgeName);
      }
    } else {
      Member judge = "chair".equals(judgeName)
          ? ctx.chair().orElseThrow(() -> new IllegalStateException("pairwise_elimination judges with the chair"
              + " by default, but the council has none; set a chair or the round's judge option"))
          : ctx.council().member(judgeName).orElseThrow(() -> new IllegalStateException("judge '" + judgeName
              + "' is neither a registered judge nor a member"));
      List<MemberCall> calls = new ArrayList<>();
      List<Boolean> swapped = new ArrayList<>();
      for (MemberResult[] m : matches) {
        boolean s = swap.nextBoolean();
        swapped.add(s);
        MemberResult first = s ? m[1] : m[0];
        MemberResult second = s ? m[0] : m[1];
        String prompt = Answers.questionBlock(ctx).append("Two candidate answers:\n\nResponse A:\n")
            .append(first.content()).append("\n\nResponse B:\n").append(second.content())
            .append("\n\nWhich answer is better? Reply with JSON only: {\"choice\": \"A\" or \"B\", \"rationale\":"
                + " \"<why>\"}").toString();
        calls.add(StructuredRounds.call(judge, prompt, "pairwise_vote", StructuredRounds.voteSchema(List.of("A", "B")),
            Map.of("pair", List.of(m[0].memberId(), m[1].memberId()))));
      }
      List<MemberResult> verdicts = ctx.invoke(calls);
      for (int i = 0; i < matches.size(); i++) {
        MemberResult[] m = matches.get(i);
        MemberResult v = verdicts.get(i);
        String choice = v.parsed() instanceof Map<?, ?> map ? String.valueOf(map.get("choice")) : null;
        boolean secondShownWon = "B".equals(choice);
        boolean bWins = swapped.get(i) != secondShownWon;
        if (!v.ok()) {
          bWins = false;
          judgeNotes.add("judge_failed: " + (v.error() == null ? v.status() : v.error().message()));
        } else {
          judgeNotes.add(judge.id());
        }
        winners.add(bWins ? m[1].memberId() : m[0].memberId());
      }
    }
    for (int i = 0; i < matches.size(); i++) {
      MemberResult[] m = matches.get(i);
      String w = winners.get(i);
      MemberResult win = w.equals(m[0].memberId()) ? m[0] : m[1];
      MemberResult lose = win == m[0] ? m[1] : m[0];
      members.add(carry(win, Map.of("beat", lose.memberId())));
      members.add(new MemberResult(lose.memberId(), MemberStatus.ELIMINATED, lose.content(), lose.parsed(),
          Usage.ZERO, 0, Duration.ZERO, lose.confidence(), null, lose.provider(), lose.model(),
          Map.of("reason", "tournament_loss", "beatenBy", win.memberId())));
      remaining.add(win.memberId());
      eliminated.add(lose.memberId());
      Map<String, Object> pair = new LinkedHashMap<>();
      pair.put("a", m[0].memberId());
      pair.put("b", m[1].memberId());
      pair.put("winner", win.memberId());
      pair.put("judge", judgeNotes.get(i));
      pairs.add(pair);
    }
    if (bye != null) {
      members.add(carry(bye, Map.of("bye", true)));
      remaining.add(bye.memberId());
    }
    return result(ctx, members, remaining, eliminated, pairs);
  }

  private static RoundResult result(RoundContext ctx, List<MemberResult> members, List<String> remaining,
      List<String> eliminated, List<Object> pairs) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("remaining", remaining);
    meta.put("eliminated", eliminated);
    meta.put("pairs", pairs);
    return new RoundResult(ctx.round().name(), NAME, ctx.roundIndex(), ctx.iteration(), members, null, meta);
  }

  /** A survivor's answer carried into this bracket level (no new call, so no usage). */
  private static MemberResult carry(MemberResult r, Map<String, Object> meta) {
    Map<String, Object> m = new LinkedHashMap<>(meta);
    m.put("carried", true);
    return new MemberResult(r.memberId(), MemberStatus.OK, r.content(), r.parsed(), Usage.ZERO, 0, Duration.ZERO,
        r.confidence(), null, r.provider(), r.model(), m);
  }

  /** The latest bracket's remaining answers, else the latest answers. */
  static List<MemberResult> survivors(RoundContext ctx) {
    List<RoundResult> prior = ctx.priorRounds();
    for (int i = prior.size() - 1; i >= 0; i--) {
      RoundResult r = prior.get(i);
      if (r.type().equals(NAME) && r.metadata().get("remaining") instanceof List<?> ids) {
        List<MemberResult> out = new ArrayList<>();
        for (Object id : ids) {
          r.member(String.valueOf(id)).ifPresent(out::add);
        }
        return out;
      }
    }
    return Answers.latest(ctx);
  }

  @Override
  public boolean converged(@Nullable RoundResult previous, RoundResult current) {
    return current.metadata().get("remaining") instanceof List<?> l && l.size() <= 1;
  }
}
