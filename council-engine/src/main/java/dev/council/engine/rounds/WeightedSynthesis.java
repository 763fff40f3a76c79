package dev.council.engine.rounds;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code weighted_synthesis}: like {@code synthesis}, but each answer shown to the chair carries a
 * normalized weight: the member's static {@code weight} option, else its confidence, else 1/N —
 * normalized to sum to 1 over the successful answers. Option {@code exposeConfidence} (default true)
 * also shows each answer's confidence. With option {@code reliability: true} a member's learned reliability
 * score ({@link dev.council.api.spi.ReliabilityStore}, in the council's feature bucket) takes the place of
 * its confidence, and a member with no score yet (cold start) gets the prior 0.5 — the same rule a
 * {@code vote} or {@code ranking} round with {@code reliability: true} applies to its ballots. The weights
 * are kept in the round metadata.
 */
public final class WeightedSynthesis implements RoundType {
  public static final String NAME = "weighted_synthesis";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RoundTraits traits() {
    return new RoundTraits(RoundTraits.InputScope.PREVIOUS_ROUND, RoundTraits.Sharing.ALL, false, false);
  }

  @Override
  public boolean chairRound() {
    return true;
  }

  @Override
  public List<ValidationError> validate(Round round, Council council, String path) {
    List<ValidationError> out = new ArrayList<>(Synthesis.validateChairRound(round, council, path));
    RoundOptions.bool(round, "exposeConfidence", path, out);
    RoundOptions.bool(round, Reliabilities.OPTION, path, out);
    return out;
  }

  /**
   * Normalized weights per member id: static weight &gt; reliability score, learned or the cold-start prior
   * (option {@code reliability}) &gt; confidence &gt; 1/N.
   */
  static Map<String, Double> weights(RoundContext ctx, List<MemberResult> answers) {
    Map<String, Double> raw = new LinkedHashMap<>();
    double n = answers.size();
    Map<String, Double> learned = Reliabilities.scores(ctx, answers.stream().map(MemberResult::memberId).toList());
    for (MemberResult a : answers) {
      Double w = ctx.council().member(a.memberId()).map(m -> m.options().weight()).orElse(null);
      Double r = learned.get(a.memberId());
      raw.put(a.memberId(), w != null ? w : r != null ? r : a.confidence() != null ? a.confidence() : 1.0 / n);
    }
    double sum = raw.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(k, sum > 0 ? v / sum : 1.0 / n));
    return out;
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    Member chair = ctx.chair().orElseThrow(() -> new IllegalStateException("weighted_synthesis needs a chair"));
    List<MemberResult> answers = Answers.latest(ctx);
    Map<String, Double> weights = weights(ctx, answers);
    boolean expose = ctx.round().optionBoolean("exposeConfidence", true);
    StringBuilder sb = Answers.questionBlock(ctx).append("The council members answered (weights sum to 1):\n");
    for (MemberResult a : answers) {
      sb.append("\n### ").append(Answers.heading(ctx, a.memberId()))
          .append(String.format(java.util.Locale.ROOT, " — weight %.3f", weights.get(a.memberId())));
      if (expose && a.confidence() != null) {
        sb.append(String.format(java.util.Locale.ROOT, ", confidence %.2f", a.confidence()));
      }
      sb.append('\n').append(a.content()).append('\n');
    }
    sb.append("\nAs chair, write the council's final answer, giving each answer influence in proportion to its"
        + " weight.");
    RoundResult r = Synthesis.chairRound(ctx, chair, sb.toString(), NAME);
    Map<String, Object> meta = new LinkedHashMap<>(r.metadata());
    meta.put("weights", weights);
    return new RoundResult(r.name(), r.type(), r.index(), r.iteration(), r.members(), r.aggregate(), meta);
  }
}
