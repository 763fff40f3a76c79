package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.council.api.Council;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Member;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import dev.council.api.config.ConfigException;
import dev.council.engine.json.Councils;
import dev.council.engine.provider.MockProvider;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Options that could only fail after paid calls — round and aggregator options, numbers out of range,
 * durations, councils too large for quadratic prompts — are validation errors with a path and a code.
 */
class OptionValidationTest {
  @RegisterExtension final MockEngine setup = new MockEngine();
  private final MockProvider mock = setup.mock();
  private final CouncilEngine engine = setup.engine();

  private List<ValidationError> validateRound(Round round) {
    Council c = Council.builder("test-council").member(TestSupport.member("a")).member(TestSupport.member("b"))
        .member(TestSupport.member("c")).chair(TestSupport.member("chair"))
        .round(Round.of("independent_analysis")).round(round).build();
    return engine.validate(c);
  }

  private static Round round(String type, Object... keyValues) {
    Round.Builder b = Round.builder(type);
    for (int i = 0; i < keyValues.length; i += 2) {
      b.option((String) keyValues[i], keyValues[i + 1]);
    }
    return b.build();
  }

  @Test
  void anUnknownTieBreakIsRefusedForEveryBuiltInAggregatorThatReadsIt() {
    for (String aggregator : List.of("plurality", "borda", "schulze", "median_confidence", "confidence_weighted",
        "peer_ranking")) {
      List<ValidationError> errors = validateRound(round("vote", "aggregator", aggregator, "tieBreak", "coin"));

      assertThat(errors).as(aggregator).containsExactly(new ValidationError("rounds[1].options.tieBreak",
          "invalid_value", "aggregator '" + aggregator + "': option 'tieBreak' is 'coin' but must be one of first,"
              + " random, none (random takes its seed from the option 'seed' or the council's seed)"));
    }
    assertThat(validateRound(round("anonymized_peer_review", "tieBreak", 3))).extracting(ValidationError::path,
        ValidationError::code).containsExactly(tuple("rounds[1].options.tieBreak", "invalid_type"));
    assertThat(validateRound(round("ranking", "tieBreak", "Random", "seed", "twelve")))
        .containsExactly(new ValidationError("rounds[1].options.seed", "invalid_type", "aggregator 'borda': option"
            + " 'seed' must be a whole number between -9223372036854775808 and 9223372036854775807, got a string"
            + " (\"twelve\")"));
    assertThat(validateRound(round("vote", "tieBreak", "none"))).isEmpty();
  }

  @Test
  void anAggregatorThatIsNotRegisteredIsRefusedForTheRoundsThatAggregate() {
    assertThat(validateRound(round("ranking", "aggregator", "instant_runoff")))
        .extracting(ValidationError::path, ValidationError::code)
        .containsExactly(tuple("rounds[1].options.aggregator", "unknown_aggregator"));
  }

  @Test
  void peerRankingOptionsOfTheWrongTypeAreRefused() {
    assertThat(validateRound(round("vote", "aggregator", "peer_ranking", "excludeSelf", "maybe",
        "labelToMember", List.of("a"))))
        .extracting(ValidationError::path, ValidationError::code).containsExactlyInAnyOrder(
            tuple("rounds[1].options.excludeSelf", "invalid_type"),
            tuple("rounds[1].options.excludeSelf", "invalid_type"),
            tuple("rounds[1].options.labelToMember", "invalid_type"));
  }

  @Test
  void aQuorumTheCouncilCannotReachIsRefused() {
    assertThat(validateRound(round("independent_analysis", "quorum", 5))).containsExactly(new ValidationError(
        "rounds[1].options.quorum", "unreachable_quorum", "quorum is 5 but council 'test-council' has only 4"
            + " members (chair included), so round 'independent_analysis' would always fail after its calls;"
            + " lower the quorum to at most 4"));
    assertThat(validateRound(round("independent_analysis", "quorum", 4))).isEmpty();
    assertThat(validateRound(round("synthesis", "quorum", 2))).extracting(ValidationError::path,
        ValidationError::code).containsExactly(tuple("rounds[1].options.quorum", "unreachable_quorum"));
    for (Object bad : List.of(0, -3, 1.5, Double.NaN, "2", Long.MAX_VALUE * 1.0e3)) {
      assertThat(validateRound(round("independent_analysis", "quorum", bad))).as("quorum %s", bad)
          .extracting(ValidationError::path, ValidationError::code)
          .containsExactly(tuple("rounds[1].options.quorum", "invalid_value"));
    }
  }

  @Test
  void roundOptionsOfTheWrongTypeAreRefusedWithTheirPath() {
    assertThat(validateRound(round("vote", "excludeSelf", "yes", "choices", "a, b")))
        .extracting(ValidationError::path, ValidationError::code).containsExactlyInAnyOrder(
            tuple("rounds[1].options.excludeSelf", "invalid_type"),
            tuple("rounds[1].options.choices", "invalid_type"));
    assertThat(validateRound(round("ranking", "choices", List.of("x", 7, ""))))
        .extracting(ValidationError::path, ValidationError::code).containsExactly(
            tuple("rounds[1].options.choices[1]", "invalid_type"),
            tuple("rounds[1].options.choices[2]", "invalid_type"));
    assertThat(validateRound(round("weighted_synthesis", "exposeConfidence", 1, "fallback", 42)))
        .extracting(ValidationError::path, ValidationError::code).containsExactlyInAnyOrder(
            tuple("rounds[1].options.exposeConfidence", "invalid_type"),
            tuple("rounds[1].options.fallback", "invalid_type"));
    assertThat(validateRound(round("pairwise_elimination", "judge", List.of("a"))))
        .extracting(ValidationError::path, ValidationError::code).contains(
            tuple("rounds[1].options.judge", "invalid_type"));
    Round iterate = Round.builder("iterate").option("maxIterations", "3").inner(Round.of("critique")).build();
    assertThat(validateRound(iterate)).containsExactly(new ValidationError("rounds[1].options.maxIterations",
        "invalid_type", "option 'maxIterations' must be a whole number between 1 and 100, got a string (\"3\")"));
    Round endless = Round.builder("iterate").option("maxIterations", Integer.MAX_VALUE).inner(Round.of("critique"))
        .build();
    assertThat(validateRound(endless)).extracting(ValidationError::path, ValidationError::code)
        .containsExactly(tuple("rounds[1].options.maxIterations", "invalid_value"));
  }

  @Test
  void roundsNestedTooDeeplyAreRefused() {
    Round r = Round.of("critique");
    for (int i = 0; i < 9; i++) {
      r = Round.builder("iterate").option("maxIterations", 1).inner(r).build();
    }
    assertThat(validateRound(r)).extracting(ValidationError::path, ValidationError::code)
        .containsExactly(tuple("rounds[1]" + ".rounds[0]".repeat(8) + ".rounds", "rounds_too_deep"));
  }

  @Test
  void numbersOutOfRangeIncludingNaNAndInfinityAreRefused() {
    Council c = Council.builder("numbers").option("seed", "lucky")
        .member(TestSupport.member("a").toBuilder().temperature(Double.NaN).weight(Double.NaN).build())
        .member(TestSupport.member("b").toBuilder().temperature(Double.POSITIVE_INFINITY)
            .weight(Double.POSITIVE_INFINITY).build())
        .member(TestSupport.member("c").toBuilder().weight(-0.5).build())
        .round(Round.of("independent_analysis")).build();

    assertThat(engine.validate(c)).extracting(ValidationError::path, ValidationError::code)
        .containsExactlyInAnyOrder(
            tuple("options.seed", "invalid_type"),
            tuple("members[0].temperature", "invalid_value"),
            tuple("members[0].weight", "invalid_value"),
            tuple("members[1].temperature", "invalid_value"),
            tuple("members[1].weight", "invalid_value"),
            tuple("members[2].weight", "invalid_value"));
  }

  @Test
  void durationsMustBePositiveAndAtMostADay() {
    Member base = TestSupport.member("a");
    Council c = Council.builder("durations")
        .member(base.toBuilder().timeout(Duration.ZERO).build())
        .member(TestSupport.member("b").toBuilder().timeout(Duration.ofSeconds(-1)).build())
        .member(TestSupport.member("c").toBuilder().timeout(Duration.ofSeconds(Long.MAX_VALUE)).build())
        .member(TestSupport.member("d").toBuilder().timeout(Duration.ofDays(1))
            .retry(new RetryPolicy(3, Duration.ofSeconds(Long.MAX_VALUE), Duration.ofDays(2))).build())
        .member(TestSupport.member("e").toBuilder().option("toolTimeout", "0s").option("toolConcurrency", -1)
            .option("maxToolTurns", "lots").option("toolStrategy", "ignore").build())
        .member(TestSupport.member("f").toBuilder().option("toolTimeout", Long.MAX_VALUE).build())
        .member(TestSupport.member("g").toBuilder().option("toolTimeout", "99999999999999999999d")
            .option("toolConcurrency", Double.NaN).build())
        .member(TestSupport.member("h").toBuilder().retry(RetryPolicy.NONE).option("toolTimeout", "30s")
            .option("maxToolTurns", 4).option("toolConcurrency", "0.5").option("toolStrategy", "FAIL_FAST").build())
        .round(Round.of("independent_analysis")).build();

    List<ValidationError> errors = engine.validate(c);

    assertThat(errors).extracting(ValidationError::path, ValidationError::code).containsExactlyInAnyOrder(
        tuple("members[0].timeout", "invalid_value"),
        tuple("members[1].timeout", "invalid_value"),
        tuple("members[2].timeout", "invalid_value"),
        tuple("members[3].retry.baseBackoff", "invalid_value"),
        tuple("members[3].retry.maxBackoff", "invalid_value"),
        tuple("members[4].options.toolTimeout", "invalid_value"),
        tuple("members[4].options.toolConcurrency", "invalid_value"),
        tuple("members[4].options.maxToolTurns", "invalid_value"),
        tuple("members[4].options.toolStrategy", "invalid_value"),
        tuple("members[5].options.toolTimeout", "invalid_value"),
        tuple("members[6].options.toolTimeout", "invalid_value"),
        tuple("members[6].options.toolConcurrency", "invalid_value"));
    assertThat(errors.get(0).message()).isEqualTo("timeout must be positive, was PT0S");
    assertThat(errors.stream().filter(e -> e.path().equals("members[2].timeout")).findFirst().orElseThrow()
        .message()).isEqualTo("timeout is PT2562047788015215H30M7S but may be at most 24h (PT24H); use a shorter"
            + " duration (durations without a unit are milliseconds)");
  }

  @Test
  void durationsReadFromJsonAreCheckedTheSameWay() {
    Council c = Councils.fromJson("""
        {"id": "json", "members": [
          {"id": "a", "provider": "mock", "model": "m", "timeout": 9223372036854775807},
          {"id": "b", "provider": "mock", "model": "m", "timeout": "PT8760H"},
          {"id": "c", "provider": "mock", "model": "m", "timeout": "24h", "retry": {"baseBackoff": "0s"}}],
         "rounds": [{"type": "independent_analysis"}]}""");

    assertThat(engine.validate(c)).extracting(ValidationError::path, ValidationError::code).containsExactly(
        tuple("members[0].timeout", "invalid_value"),
        tuple("members[1].timeout", "invalid_value"));
  }

  @Test
  void configuredDefaultDurationsHaveTheSameCeiling() {
    assertThatThrownBy(() -> CouncilEngine.builder().config(TestSupport.config(
        "council.defaults.member-timeout", "2d", "council.defaults.retry.base-backoff", "9999999h")).build())
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "council.defaults.member-timeout is '2d' but must be a positive duration such as 30s, at most 24h (set it"
                + " as system property -Dcouncil.defaults.member-timeout=..., environment variable"
                + " COUNCIL_DEFAULTS_MEMBER_TIMEOUT, or in council.properties)",
            "council.defaults.retry.base-backoff is '9999999h' but must be a duration of zero or more such as 1s, at"
                + " most 24h (set it as system property -Dcouncil.defaults.retry.base-backoff=..., environment"
                + " variable COUNCIL_DEFAULTS_RETRY_BASE_BACKOFF, or in council.properties)"));
  }

  private static Council wide(int members, Round round) {
    Council.Builder b = Council.builder("wide");
    for (int i = 0; i < members; i++) {
      b.member(Member.builder("m" + i).provider("mock").model("m").build());
    }
    return b.round(Round.of("independent_analysis")).round(round).build();
  }

  @Test
  void roundsWithQuadraticPromptsRefuseAHugeCouncilPromptlyAndWithoutAllocatingAtScale() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Council huge = wide(5_000, Round.of("anonymized_peer_review"));
    engine.validate(wide(10, Round.of("anonymized_peer_review")));

    long bytes0 = threads.getCurrentThreadAllocatedBytes();
    long t0 = System.nanoTime();
    List<ValidationError> errors = engine.validate(huge);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    long allocated = threads.getCurrentThreadAllocatedBytes() - bytes0;

    assertThat(errors).containsExactly(new ValidationError("rounds[1]", "too_many_answers_per_prompt",
        "round 'anonymized_peer_review' (anonymized_peer_review) would show each of the 5000 members 4999 answers,"
            + " 24995000 answers across its prompts (this grows with the square of the council's size); the limit"
            + " is 100 answers per prompt (round option maxAnswersPerPrompt, default 100). Use fewer members"
            + " (e.g. group them into sub-councils), or raise maxAnswersPerPrompt on this round if the models'"
            + " context windows and the heap allow"));
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    assertThat(allocated).as("bytes allocated by validate").isLessThan(64L << 20);
    assertThatThrownBy(() -> engine.start(huge, QUESTION)).isInstanceOf(InvalidCouncilException.class);
    assertThat(mock.calls("m0")).isZero();
  }

  @Test
  void everyRoundThatShowsPeersAnswersHasTheLimitAndItCanBeRaised() {
    for (String type : List.of("peer_review", "critique", "debate", "vote", "ranking")) {
      assertThat(engine.validate(wide(300, Round.of(type)))).as(type).extracting(ValidationError::path,
          ValidationError::code).containsExactly(tuple("rounds[1]", "too_many_answers_per_prompt"));
      assertThat(engine.validate(wide(300, Round.of(type, Map.of("maxAnswersPerPrompt", 300))))).as(type).isEmpty();
    }
    assertThat(engine.validate(wide(101, Round.of("peer_review")))).as("100 peers each").isEmpty();
    assertThat(engine.validate(wide(101, Round.of("debate")))).as("101 answers each, own included").hasSize(1);
    assertThat(engine.validate(wide(300, Round.of("vote", Map.of("choices", List.of("yes", "no"))))))
        .as("fixed choices carry no answers").isEmpty();
    assertThat(engine.validate(wide(300, Round.of("independent_analysis")))).isEmpty();
    assertThat(engine.validate(wide(3, Round.of("critique", Map.of("maxAnswersPerPrompt", 0)))))
        .extracting(ValidationError::path, ValidationError::code)
        .containsExactly(tuple("rounds[1].options.maxAnswersPerPrompt", "invalid_value"));
  }
}
