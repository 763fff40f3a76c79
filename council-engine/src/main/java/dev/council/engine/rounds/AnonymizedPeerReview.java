package dev.council.engine.rounds;

import dev.council.api.AggregateResult;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.RoundResult;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code anonymized_peer_review}: each member ranks its peers' latest answers, shown only as "Response A",
 * "Response B", ... — the signature council step (karpathy/llm-council stage 2).
 *
 * <ul>
 *   <li>Labels are stable for the round: one label per answer, assigned in council order.</li>
 *   <li>A reviewer never sees its own answer, and no prompt carries a member id, role, model or provider
 *       of anyone else — only the answers' text.</li>
 *   <li>Presentation order is counterbalanced against position bias: a seeded shuffle (council option
 *       {@code seed}, else derived from the run id), rotated by one place per reviewer, so each answer
 *       appears in each position about equally often. Reproducible for a given seed.</li>
 *   <li>Each reviewer answers {@code {ordering, rationale}} with a schema that only admits the labels it
 *       was shown, so self-votes are impossible; the aggregator ({@code peer_ranking} by default) drops
 *       any that slip through.</li>
 *   <li>The label→member map and each reviewer's presentation order are kept in the round's metadata and
 *       the aggregate's details for audit.</li>
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

    List<MemberCall> calls = new ArrayList<>();
    Map<String, Object> orders = new LinkedHashMap<>();
    int reviewerIndex = 0;
    for (Member reviewer : ctx.participants()) {
      List<String> order = new ArrayList<>(base);
      if (!order.isEmpty()) {
        Collections.rotate(order, -(reviewerIndex % order.size()));
      }
      reviewerIndex++;
      order.remove(memberToLabel.get(reviewer.id()));
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
      calls.add(StructuredRounds.call(reviewer, sb.toString(), "peer_ranking", StructuredRounds.rankingSchema(order),
          Map.of("shownLabels", order)));
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
