package dev.council.engine.rounds;

import dev.council.engine.internal.support.JsonValues;
import dev.council.api.AggregateResult;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code synthesis}: the chair reads the question and the answers of the latest round that produced
 * answers, and writes the final answer. Sequential. Option {@code fallback}: the id of a member that
 * synthesizes instead when the chair fails (recorded in the round's metadata as {@code fallbackUsed}).
 */
public final class Synthesis implements RoundType {
  public static final String NAME = "synthesis";

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
    return validateChairRound(round, council, path);
  }

  /**
   * What both chair rounds check: {@code fallback} names a member, and {@code quorum} is at most 1 — one
   * answer (the chair's, or the fallback's when the chair failed) is all a chair round can produce.
   */
  static List<ValidationError> validateChairRound(Round round, Council council, String path) {
    List<ValidationError> out = new ArrayList<>();
    Object fb = round.options().get("fallback");
    RoundOptions.string(round, "fallback", path, out);
    if (fb instanceof String name && !name.isBlank() && council.member(name).isEmpty()) {
      out.add(new ValidationError(path + ".options.fallback", "unknown_member", "fallback member '" + fb
          + "' is not a member of council '" + council.id() + "'"));
    }
    Object q = round.options().get("quorum");
    if (q instanceof Number n && JsonValues.isWhole(n) && n.doubleValue() > 1) {
      out.add(new ValidationError(path + ".options.quorum", "unreachable_quorum", "quorum is " + q + " but round '"
          + round.name() + "' (" + round.type() + ") produces one answer (the chair's, or its fallback's); use"
          + " quorum 1 or leave it out"));
    }
    return out;
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    Member chair = ctx.chair().orElseThrow(() -> new IllegalStateException("synthesis needs a chair"));
    String prompt = prompt(ctx.question(), Answers.latest(ctx), Answers.latestAggregate(ctx.priorRounds()));
    return chairRound(ctx, chair, prompt, NAME);
  }

  /** Asks the chair, then the configured fallback member if the chair failed. */
  static RoundResult chairRound(RoundContext ctx, Member chair, String prompt, String type) {
    MemberResult result = ctx.invoke(MemberCall.of(chair, prompt));
    Map<String, Object> meta = new LinkedHashMap<>();
    List<MemberResult> members = new ArrayList<>();
    members.add(result);
    Object fb = ctx.round().options().get("fallback");
    if (!result.ok() && fb != null) {
      Member fallback = ctx.council().member(fb.toString()).orElseThrow();
      MemberResult second = ctx.invoke(new MemberCall(fallback, prompt, null, Map.of("fallbackFor", chair.id())));
      members.add(second);
      meta.put("fallbackUsed", true);
      meta.put("fallbackMember", fallback.id());
      meta.put("chairError", result.error() == null ? result.status().name() : result.error().message());
    }
    return new RoundResult(ctx.round().name(), type, ctx.roundIndex(), ctx.iteration(), members, null, meta);
  }

  static String prompt(String question, List<MemberResult> answers, @Nullable AggregateResult aggregate) {
    StringBuilder sb = new StringBuilder("Question:\n").append(question).append("\n\n");
    if (answers.isEmpty()) {
      sb.append("No council member produced an answer.\n\n");
    } else {
      sb.append("The council members answered:\n");
      for (MemberResult m : answers) {
        sb.append("\n### ").append(m.memberId()).append('\n').append(m.content()).append('\n');
      }
      sb.append('\n');
    }
    if (aggregate != null && aggregate.winner() != null) {
      sb.append("The council's ").append(aggregate.aggregator()).append(" result: ").append(aggregate.winner())
          .append("\n\n");
    }
    sb.append("As chair, write the council's final answer: combine the strongest points, resolve disagreements,"
        + " and state the answer clearly.");
    return sb.toString();
  }
}
