package dev.council.engine.rounds;

import dev.council.api.AggregateResult;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.ResultMetadata;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import dev.council.engine.aggregate.PeerRankingAggregator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * {@code anonymized_peer_review}: each member ranks its peers' latest answers, shown only as "Response A",
 * "Response B", ... — the signature council step (karpathy/llm-council stage 2).
 *
 * <ul>
 *   <li>Labels are stable for the round: one label per answer, assigned in council order.</li>
 *   <li>A reviewer never sees its own answer, and no prompt carries a member id, role, model or provider
 *       of anyone else — only the answers' text.</li>
 *   <li>Presentation order is counterbalanced against position bias with a cyclic design: the answers
 *       are shuffled once (seeded: council option {@code seed}, else derived from the run id), and the
 *       reviewer whose own answer is at place p of that order sees the answers at places p+1, p+2, ...,
 *       wrapping around. When every answer's author reviews, each answer is shown in each position
 *       exactly once; reviewers without an answer of their own see the whole order rotated one more
 *       place each, so counts per position differ by at most one more. Reproducible for a given
 *       seed.</li>
 *   <li>Prompts carry every peer's answer, so their size grows with the square of the council's size:
 *       councils with more than the round option {@code maxAnswersPerPrompt} (default 100) peers per
 *       reviewer are refused at validation.</li>
 *   <li>Each reviewer answers {@code {ordering, rationale}} with a schema that only admits the labels it
 *       was shown, so self-votes are impossible; the aggregator ({@code peer_ranking} by default) drops
 *       any that slip through.</li>
 *   <li>The label→member map and each reviewer's presentation order are kept in the round's metadata and
 *       the aggregate's details for audit; each reviewer's result metadata has the labels it was shown
 *       ({@code shownLabels}) and the label of its own answer ({@link ResultMetadata#OWN_LABEL}), which
 *       is also its span's {@code council.member.label}.</li>
 * </ul>
 */
public final class AnonymizedPeerReview implements RoundType {
  public static final String NAME = "anonymized_peer_review";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RoundTraits traits() {
    return new RoundTraits(RoundTraits.InputScope.PREVIOUS_ROUND, RoundTraits.Sharing.PEERS, true, true);
  }

  /** "A".."Z", "AA", "AB", ... */
  static String label(int i) {
    StringBuilder sb = new StringBuilder();
    int n = i;
    do {
      sb.insert(0, (char) ('A' + n % 26));
      n = n / 26 - 1;
    } while (n >= 0);
    return "Response " + sb;
  }

  /** Refuses councils too large for this round's quadratic prompts ({@code maxAnswersPerPrompt}). */
  @Override
  public List<ValidationError> validate(Round round, Council council, String path) {
    List<ValidationError> out = new ArrayList<>();
    RoundOptions.checkAnswersPerPrompt(round, council, path, true, out);
    return out;
  }

  /** The {@code aggregator} option, else {@code peer_ranking}. */
  @Override
  public Optional<String> aggregator(Round round) {
    return Optional.of(round.optionString("aggregator", PeerRankingAggregator.NAME));
  }

  /**
   * The order in which each reviewer is shown the answers: a cyclic design over {@code base} (the shuffled
   * labels). The reviewer whose own label is at place p of {@code base} gets the labels at p+1, p+2, ...
   * (wrapping), all but its own; each reviewer without an answer ({@code null} own label) gets all of
   * {@code base}, rotated one place further than the previous such reviewer. Over reviewers that are
   * exactly the answers' authors, every label appears in every position exactly once.
   *
   * @param base the labels in the shuffled order, without duplicates
   * @param ownLabels per reviewer, in order, the label of its own answer, or null when it has none
   * @return per reviewer, in the same order, the labels it is shown
   */
  static List<List<String>> presentationOrders(List<String> base, List<@Nullable String> ownLabels) {
    int n = base.size();
    Map<String, Integer> place = new HashMap<>();
    for (int i = 0; i < n; i++) {
      place.put(base.get(i), i);
    }
    List<List<String>> out = new ArrayList<>(ownLabels.size());
    int rotation = 0;
    for (String own : ownLabels) {
      Integer p = own == null ? null : place.get(own);
      List<String> order = new ArrayList<>(n);
      if (p != null) {
        for (int k = 1; k < n; k++) {
          order.add(base.get((p + k) % n));
        }
      } else if (n > 0) {
        for (int k = 0; k < n; k++) {
          order.add(base.get((rotation + k) % n));
        }
        rotation = (rotation + 1) % n;
      }
      out.add(order);
    }
    return out;
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    List<MemberResult> answers = Answers.latest(ctx);
    Map<String, String> labelToMember = new LinkedHashMap<>();
    Map<String, String> memberToLabel = new LinkedHashMap<>();
    Map<String, String> textByLabel = new LinkedHashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      String label = label(i);
      labelToMember.put(label, answers.get(i).memberId());
      memberToLabel.put(answers.get(i).memberId(), label);
      textByLabel.put(label, answers.get(i).content());
    }
    List<String> base = new ArrayList<>(labelToMember.keySet());
    Collections.shuffle(base, new Random(ctx.seed()));
    List<@Nullable String> ownLabels = new ArrayList<>();
    ctx.participants().forEach(m -> ownLabels.add(memberToLabel.get(m.id())));
    List<List<String>> design = presentationOrders(base, ownLabels);

    List<MemberCall> calls = new ArrayList<>();
    Map<String, Object> orders = new LinkedHashMap<>();
    for (int r = 0; r < ctx.participants().size(); r++) {
      Member reviewer = ctx.participants().get(r);
      List<String> order = design.get(r);
      if (order.isEmpty()) {
        continue;
      }
      orders.put(reviewer.id(), order);
      StringBuilder sb = Answers.questionBlock(ctx)
          .append("Here are anonymous answers to the question from other council members:\n");
      for (String label : order) {
        sb.append("\n").append(label).append(":\n").append(textByLabel.get(label)).append('\n');
      }
      sb.append("\nEvaluate each response on accuracy and insight, then rank them from best to worst. Judge the"
          + " content only. Reply with JSON only, in this form: {\"ordering\": [\"")
          .append(order.get(0)).append("\", ...], \"rationale\": \"<your evaluation>\"} using exactly these"
          + " labels: ").append(String.join(", ", order)).append('.');
      Map<String, Object> callMeta = new LinkedHashMap<>();
      callMeta.put("shownLabels", order);
      String ownLabel = ownLabels.get(r);
      if (ownLabel != null) {
        callMeta.put(ResultMetadata.OWN_LABEL, ownLabel);
      }
      calls.add(StructuredRounds.call(reviewer, sb.toString(), "peer_ranking", StructuredRounds.rankingSchema(order),
          callMeta));
    }
    List<MemberResult> results = ctx.invoke(calls);
    Map<String, Object> aggOptions = new LinkedHashMap<>();
    aggOptions.put("labelToMember", labelToMember);
    aggOptions.put("excludeSelf", true);
    AggregateResult aggregate = StructuredRounds.aggregate(ctx, StructuredRounds.ballots(results, ctx),
        "peer_ranking", aggOptions);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("labelToMember", labelToMember);
    meta.put("presentationOrder", orders);
    return StructuredRounds.result(ctx, NAME, results, aggregate, meta);
  }
}
