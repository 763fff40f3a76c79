package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.Profile;
import dev.council.api.config.CouncilConfig;
import dev.council.cli.OfflineFallback.Mode;
import dev.council.cli.OfflineFallback.Plan;
import dev.council.cli.Seats.Seat;
import dev.council.engine.CouncilEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CLI decides which provider a member runs on with the engine's own profile rule, so profiles
 * registered on the engine builder count exactly as they do in the run.
 */
class ProfilePrecedenceTest {
  private static final ClassLoader LOADER = ProfilePrecedenceTest.class.getClassLoader();

  /** a: builder profile; b: the configured default profile, itself registered on the builder; c: inline. */
  private static final Council COUNCIL = Council.builder("registered")
      .member(Member.builder("a").profile("house").build())
      .member(Member.builder("b").build())
      .member(Member.builder("c").profile("house").provider("simulated").build())
      .round("independent_analysis")
      .build();

  private static CouncilEngine engine() {
    return CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.defaults.profile", "fallback")))
        .classLoader(LOADER)
        .profile(Profile.of("house", MemberOptions.builder().provider("keyed").model("big-1").build()))
        .profile(Profile.of("fallback", MemberOptions.builder().provider("keyed").model("small-1").build()))
        .build();
  }

  @Test
  void seatsRunOnTheProviderTheEngineResolvesForBuilderRegisteredProfiles() {
    try (CouncilEngine engine = engine()) {
      List<Seat> seats = Seats.of(COUNCIL, engine);

      assertThat(seats).extracting(Seat::memberId, Seat::providerId).containsExactly(
          tuple("a", "keyed"),
          tuple("b", "keyed"),
          tuple("c", "simulated"));
      for (int i = 0; i < COUNCIL.members().size(); i++) {
        Member m = COUNCIL.members().get(i);
        assertThat(seats.get(i).providerId()).as("member %s", m.id())
            .isEqualTo(engine.effectiveOptions(COUNCIL, m).provider());
      }
    }
  }

  @Test
  void offlineModeSimulatesMembersWhoseProviderComesFromABuilderRegisteredProfile() {
    CouncilConfig cfg = CouncilConfig.of(Map.of("council.defaults.profile", "fallback"));
    try (CouncilEngine engine = engine()) {
      Plan plan = new OfflineFallback(cfg, LOADER, engine).plan(COUNCIL, Mode.OFFLINE);

      assertThat(plan.simulated()).extracting(Seat::memberId).containsExactly("a", "b", "c");
      for (Member m : plan.council().members()) {
        assertThat(engine.effectiveOptions(plan.council(), m).provider()).as("member %s", m.id())
            .isEqualTo("simulated");
      }
      assertThat(plan.notices()).contains(
          "[offline] member 'a' uses the simulated provider instead of 'keyed'; its answers are simulated",
          "[offline] member 'b' uses the simulated provider instead of 'keyed'; its answers are simulated");
    }
  }
}
