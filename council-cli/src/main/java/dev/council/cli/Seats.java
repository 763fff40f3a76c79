package dev.council.cli;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.Profile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The model-calling members of a council, its chair and the members of its inline sub-councils, each
 * with the provider id it runs with. Effective options follow the engine's precedence: configured
 * default profile &lt; council default profile &lt; member profile &lt; inline options, profiles looked
 * up among the (sub-)council's own. Stateless.
 */
final class Seats {
  /** The configuration key naming the profile every member starts from. */
  static final String CONFIG_DEFAULT_PROFILE = "council.defaults.profile";

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
  static List<Seat> of(Council council, @Nullable String configDefaultProfile) {
    List<Seat> out = new ArrayList<>();
    collect(council, "", configDefaultProfile, out);
    return List.copyOf(out);
  }

  private static void collect(Council c, String where, @Nullable String configDefault, List<Seat> out) {
    for (Member m : members(c)) {
      if (m.subCouncil() != null) {
        collect(m.subCouncil(), " in sub-council '" + m.subCouncil().id() + "'", configDefault, out);
      } else if (!m.isSubCouncil()) {
        out.add(new Seat(m.id(), where, effective(c, m, configDefault).provider()));
      }
    }
  }

  /**
   * The council with {@code change} applied to every model-calling member (sub-councils included). The
   * rounds are kept exactly (no synthesis round is added).
   */
  static Council rewrite(Council c, @Nullable String configDefault, Rewriter change) {
    List<Member> members = new ArrayList<>();
    for (Member m : c.members()) {
      members.add(rewrite(c, m, configDefault, change));
    }
    Member chair = c.chair() == null ? null : rewrite(c, c.chair(), configDefault, change);
    return new Council(c.id(), c.description(), members, c.rounds(), chair, c.router(), c.defaultProfile(),
        c.profiles(), c.tools(), c.options());
  }

  private static Member rewrite(Council c, Member m, @Nullable String configDefault, Rewriter change) {
    if (m.subCouncil() != null) {
      return m.toBuilder().subCouncil(rewrite(m.subCouncil(), configDefault, change)).build();
    }
    if (m.isSubCouncil()) {
      return m;
    }
    String provider = effective(c, m, configDefault).provider();
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

  private static MemberOptions effective(Council c, Member m, @Nullable String configDefault) {
    MemberOptions eff = MemberOptions.EMPTY;
    List<@Nullable String> layers = Arrays.asList(configDefault, c.defaultProfile(), m.profile());
    for (@Nullable String name : layers) {
      Optional<Profile> p = name == null ? Optional.empty() : c.profile(name);
      if (p.isPresent()) {
        eff = eff.overriddenBy(p.get().options());
      }
    }
    return eff.overriddenBy(m.options());
  }
}
