package dev.council.jobs.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Council;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job timeout computed from a council: member timeout × attempts (+ backoffs) × sequential steps. */
class JobTimeoutsTest {
  @Test
  void theDefaultsGiveTwoAttemptsOfThirtySecondsPerStep() {
    try (CouncilEngine engine = CouncilEngine.builder().build()) {
      // independent_analysis, debate, and the chair's own synthesis step: 3 steps.
      Duration perCall = Duration.ofSeconds(30).multipliedBy(2).plus(RetryPolicy.DEFAULT.maxBackoff());
      assertThat(JobTimeouts.steps(Councils.LIBRARY)).isEqualTo(3);
      assertThat(JobTimeouts.forCouncil(engine, Councils.LIBRARY, RunOptions.DEFAULTS, Duration.ZERO))
          .isEqualTo(perCall.multipliedBy(3));
      assertThat(JobTimeouts.forCouncil(engine, Councils.LIBRARY, RunOptions.DEFAULTS))
          .isEqualTo(perCall.multipliedBy(3).plus(JobTimeouts.DEFAULT_SLACK));
    }
  }

  @Test
  void runOptionsAndConfigurationAreUsedInTheEnginesPrecedence() {
    try (CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(Map.of(
        "council.defaults.member-timeout", "10s", "council.defaults.retry.max-attempts", "3"))).build()) {
      assertThat(JobTimeouts.forCouncil(engine, Councils.LIBRARY, RunOptions.DEFAULTS, Duration.ZERO))
          .as("configuration: 3 × 10 s + 2 × 30 s backoff per step")
          .isEqualTo(Duration.ofSeconds(90).multipliedBy(3));
      RunOptions options = RunOptions.builder().memberTimeout(Duration.ofSeconds(5)).retry(RetryPolicy.NONE).build();
      assertThat(JobTimeouts.forCouncil(engine, Councils.LIBRARY, options, Duration.ZERO))
          .as("run options over configuration").isEqualTo(Duration.ofSeconds(15));
    }
  }

  @Test
  void theSlowestMemberSetsThePaceOfEveryStep() {
    Council council = Councils.LIBRARY.toBuilder().clearMembers()
        .member(Councils.member("a"))
        .member(Councils.member("slow").toBuilder().timeout(Duration.ofMinutes(2))
            .retry(RetryPolicy.of(3, Duration.ofSeconds(1))).build())
        .build();
    try (CouncilEngine engine = CouncilEngine.builder().build()) {
      Duration slow = Duration.ofMinutes(6).plus(RetryPolicy.of(3, Duration.ofSeconds(1)).maxBackoff().multipliedBy(2));
      assertThat(JobTimeouts.forCouncil(engine, council, RunOptions.DEFAULTS, Duration.ZERO))
          .isEqualTo(slow.multipliedBy(3));
    }
  }

  @Test
  void anIterateRoundCountsItsInnerRoundsOncePerIteration() {
    Council council = Councils.LIBRARY.toBuilder().clearRounds()
        .round("independent_analysis")
        .round(Round.builder("iterate").name("consensus").option("maxIterations", 4)
            .inner(Round.of("debate")).inner(Round.of("independent_analysis")).build())
        .round("synthesis")
        .build();
    assertThat(JobTimeouts.steps(council)).as("1 + 4 × 2 + the chair's synthesis").isEqualTo(10);
  }

  @Test
  void aNegativeSlackIsRefused() {
    try (CouncilEngine engine = CouncilEngine.builder().build()) {
      assertThatThrownBy(() -> JobTimeouts.forCouncil(engine, Councils.LIBRARY, RunOptions.DEFAULTS,
          Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slack");
    }
  }
}
