package dev.council.engine.rounds;

import dev.council.api.AggregateResult;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.RoundResult;
import dev.council.api.spi.RoundContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** Reading earlier answers for prompts. Stateless. */
final class Answers {
  private Answers() {}

  /** The successful answers (chair excluded) of the latest earlier round that has any, in council order. */
  static List<MemberResult> latest(RoundContext ctx) {
    List<RoundResult> prior = ctx.priorRounds();
    String chair = ctx.chair().map(Member::id).orElse(null);
    for (int i = prior.size() - 1; i >= 0; i--) {
      List<MemberResult> ok = prior.get(i).successful().stream()
          .filter(m -> !m.memberId().equals(chair))
          .filter(m -> m.content() != null)
          .toList();
      if (!ok.isEmpty()) {
        return ok;
      }
    }
    return List.of();
  }

  /** {@link #latest} keyed by member id. */
  static Map<String, MemberResult> latestById(RoundContext ctx) {
    Map<String, MemberResult> out = new LinkedHashMap<>();
    latest(ctx).forEach(m -> out.put(m.memberId(), m));
    return out;
  }

  static @Nullable AggregateResult latestAggregate(List<RoundResult> prior) {
    for (int i = prior.size() - 1; i >= 0; i--) {
      if (prior.get(i).aggregate() != null) {
        return prior.get(i).aggregate();
      }
    }
    return null;
  }

  /** A member's heading in non-anonymized prompts: its id, and its role when it has one. */
  static String heading(RoundContext ctx, String memberId) {
    String role = ctx.council().member(memberId).map(Member::role).orElse(null);
    return role == null || role.isBlank() ? memberId : memberId + " (" + role + ")";
  }

  /** The question block every prompt starts with. */
  static StringBuilder questionBlock(RoundContext ctx) {
    return new StringBuilder("Question:\n").append(ctx.question()).append("\n\n");
  }

  /**
   * A prompt asking {@code reviewer} to review its peers' answers: the question block, the reviewer's own
   * answer (if it has one) under {@code ownLabel}, then {@code peersLabel} and each peer's answer in
   * {@code answers} order under the heading {@code peerHeading} gives it (1-based peer number, answer),
   * then {@code instruction}.
   */
  static String reviewPrompt(RoundContext ctx, Member reviewer, Map<String, MemberResult> answers, String ownLabel,
      String peersLabel, BiFunction<Integer, MemberResult, String> peerHeading, String instruction) {
    StringBuilder sb = questionBlock(ctx);
    MemberResult own = answers.get(reviewer.id());
    if (own != null) {
      sb.append(ownLabel).append('\n').append(own.content()).append("\n\n");
    }
    sb.append(peersLabel).append('\n');
    int n = 1;
    for (MemberResult peer : answers.values()) {
      if (!peer.memberId().equals(reviewer.id())) {
        sb.append('\n').append(peerHeading.apply(n++, peer)).append('\n').append(peer.content()).append('\n');
      }
    }
    return sb.append('\n').append(instruction).toString();
  }
}
