package dev.council.cli;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.engine.CouncilEngine;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The model-calling members of a council, its chair and the members of its inline sub-councils, each
 * with the provider id it runs with. That provider comes from the options the engine will run the member
 * with ({@link CouncilEngine#effectiveOptions}), so profiles resolve here exactly as in the run. Stateless.
 */
final class Seats {
  /**
   * One member that calls a model.
   *
   * @param memberId the member id
   * @param where empty for the top council, else {@code " in sub-council 'x'"}
   * @param providerId the effective provider id, or null when none is set (validation reports it)
   */
  record Seat(String memberId, String where, @Nullable String providerId) {
    String describe() {
      return "'" + memberId + "'" + where;
    }
  }

  private Seats() {}

  /** Every model-calling seat, sub-councils included, in council order (members, then chair). */
  static List<Seat> of(Council council, CouncilEngine engine) {
    List<Seat> out = new ArrayList<>();
    collect(council, "", engine, out);
    return List.copyOf(out);
  }

  private static void collect(Council c, String where, CouncilEngine engine, List<Seat> out) {
    for (Member m : members(c)) {
      if (m.subCouncil() != null) {
        collect(m.subCouncil(), " in sub-council '" + m.subCouncil().id() + "'", engine, out);
      } else if (!m.isSubCouncil()) {
        out.add(new Seat(m.id(), where, engine.effectiveOptions(c, m).provider()));
      }
    }
  }

  /**
   * The council with {@code change} applied to every model-calling member (sub-councils included). The
   * rounds are kept exactly (no synthesis round is added).
   */
  static Council rewrite(Council c, CouncilEngine engine, Rewriter change) {
    List<Member> members = new ArrayList<>();
    for (Member m : c.members()) {
      members.add(rewrite(c, m, engine, change));
    }
    Member chair = c.chair() == null ? null : rewrite(c, c.chair(), engine, change);
    return new Council(c.id(), c.description(), members, c.rounds(), chair, c.router(), c.defaultProfile(),
        c.profiles(), c.tools(), c.options());
  }

  private static Member rewrite(Council c, Member m, CouncilEngine engine, Rewriter change) {
    if (m.subCouncil() != null) {
      return m.toBuilder().subCouncil(rewrite(m.subCouncil(), engine, change)).build();
    }
    if (m.isSubCouncil()) {
      return m;
    }
    String provider = engine.effectiveOptions(c, m).provider();
    return change.apply(m, provider);
  }

  /** Changes one model-calling member given its effective provider id. */
  @FunctionalInterface
  interface Rewriter {
    Member apply(Member member, @Nullable String providerId);
  }

  private static List<Member> members(Council c) {
    List<Member> all = new ArrayList<>(c.members());
    if (c.chair() != null) {
      all.add(c.chair());
    }
    return all;
  }
}
