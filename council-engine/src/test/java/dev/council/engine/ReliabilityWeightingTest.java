package dev.council.engine;

import static dev.council.engine.TestSupport.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import dev.council.api.spi.ReliabilityStore;
import dev.council.engine.local.MemoryReliabilityStore;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Learned reliability: recorded from run outcomes and through the API, used by weighted rounds. */
class ReliabilityWeightingTest {
  private static final Map<String, Object> LEGAL = Map.of("question", "Is the clause enforceable?", "domain", "legal");
  private final MockProvider mock = MockProvider.create("mock");
  private final CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock)
      .build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static String vote(String choice, double confidence) {
    return "{\"choice\": \"" + choice + "\", \"rationale\": null, \"confidence\": " + confidence + "}";
  }

  private static Council voting(Map<String, Object> voteOptions, Map<String, Object> councilOptions) {
    Map<String, Object> options = new java.util.LinkedHashMap<>(Map.of("choices", List.of("yes", "no")));
    options.putAll(voteOptions);
    Council.Builder b = Council.builder("jury").member(member("a")).member(member("b")).member(member("c"))
        .round(Round.of("vote", options));
    councilOptions.forEach(b::option);
    return b.build();
  }

  @Test
  void aCompletedRunRecordsWhetherEachMemberVotedForTheWinner() {
    mock.script("a", MockScript.content(vote("yes", 0.9)));
    mock.script("b", MockScript.content(vote("yes", 0.6)));
    mock.script("c", MockScript.content(vote("no", 0.8)));
    Council c = voting(Map.of(), Map.of("reliability", Map.of("record", "agreement", "features", List.of("domain"))));

    engine.run(c, LEGAL);
    engine.run(c, LEGAL);

    ReliabilityStore store = engine.reliability();
    Map<String, String> legal = Map.of("domain", "legal");
    assertThat(store.score("a", legal).getAsDouble()).isCloseTo(3.0 / 4.0, within(1e-12));
    assertThat(store.score("c", legal).getAsDouble()).isCloseTo(1.0 / 4.0, within(1e-12));
    assertThat(store.score("a", Map.of())).isEmpty();
  }

  @Test
  void withoutTheRecordOptionNothingIsRecorded() {
    mock.fallback(MockScript.content(vote("yes", 0.5)));

    engine.run(voting(Map.of(), Map.of()), LEGAL);

    assertThat(engine.reliability().score("a", Map.of())).isEmpty();
  }

  @Test
  void confidenceWeightedVotingWeighsEachVoteByTheMembersLearnedReliability() {
    // a and b are confident but have usually been wrong on legal questions; c has usually been right
    for (int i = 0; i < 8; i++) {
      engine.reliability().record("a", Map.of("domain", "legal"), false);
      engine.reliability().record("b", Map.of("domain", "legal"), false);
      engine.reliability().record("c", Map.of("domain", "legal"), true);
    }
    mock.script("a", MockScript.content(vote("yes", 0.7)));
    mock.script("b", MockScript.content(vote("yes", 0.7)));
    mock.script("c", MockScript.content(vote("no", 0.9)));
    Map<String, Object> councilOptions = Map.of("reliability", Map.of("features", List.of("domain")));

    Result plain = engine.run(voting(Map.of("aggregator", "confidence_weighted"), councilOptions), LEGAL);
    Result learned = engine.run(voting(Map.of("aggregator", "confidence_weighted", "reliability", true),
        councilOptions), LEGAL);

    assertThat(plain.rounds().get(0).aggregate().winner()).isEqualTo("yes");
    assertThat(learned.rounds().get(0).aggregate().winner()).isEqualTo("no");
    // yes: 0.7 * 0.1 * 2 = 0.14; no: 0.9 * 0.9 = 0.81
    assertThat(learned.rounds().get(0).aggregate().scores().get("no")).isCloseTo(0.81, within(1e-9));
  }

  @Test
  void weightedSynthesisUsesLearnedScoresAndThePriorOnColdStart() {
    engine.reliability().record("a", Map.of(), true);
    engine.reliability().record("a", Map.of(), true);
    engine.reliability().record("b", Map.of(), false);
    engine.reliability().record("b", Map.of(), false);
    mock.fallback(MockScript.content("an answer"));
    Council c = Council.builder("weighted").member(member("a")).member(member("b")).member(member("c"))
        .chair(member("chair")).round(Round.of("independent_analysis"))
        .round(Round.of("weighted_synthesis", Map.of("reliability", true))).build();

    Result r = engine.run(c, LEGAL);

    Map<String, Double> weights = weights(r.rounds().get(1));
    // raw: a 3/4, b 1/4, c (no record) the prior 1/2; normalized over 3/2
    assertThat(weights.get("a")).isCloseTo(0.75 / 1.5, within(1e-9));
    assertThat(weights.get("b")).isCloseTo(0.25 / 1.5, within(1e-9));
    assertThat(weights.get("c")).isCloseTo(0.5 / 1.5, within(1e-9));
  }

  @Test
  void anUnknownMemberWeighsThePriorInVotesAndSynthesisAlike() {
    // "reliable" has been right 8 times (score 9/10), "unreliable" wrong 8 times (1/10); "unknown" has no record
    for (int i = 0; i < 8; i++) {
      engine.reliability().record("reliable", Map.of(), true);
      engine.reliability().record("unreliable", Map.of(), false);
    }
    mock.script("reliable", MockScript.content(vote("yes", 1.0)));
    mock.script("unknown", MockScript.content(vote("no", 1.0)));
    mock.script("unreliable", MockScript.content(vote("maybe", 1.0)));
    mock.script("chair", MockScript.content("yes"));
    Council c = Council.builder("mixed").member(member("reliable")).member(member("unreliable"))
        .member(member("unknown")).chair(member("chair"))
        .round(Round.of("vote", Map.of("choices", List.of("yes", "no", "maybe"), "aggregator", "confidence_weighted",
            "reliability", true)))
        .round(Round.of("weighted_synthesis", Map.of("reliability", true))).build();

    Result r = engine.run(c, LEGAL);

    // each vote counts confidence 1 x its member's weight
    Map<String, Double> ballots = r.rounds().get(0).aggregate().scores();
    assertThat(ballots.get("yes")).isCloseTo(0.9, within(1e-9));
    assertThat(ballots.get("no")).isCloseTo(0.5, within(1e-9));
    assertThat(ballots.get("maybe")).isCloseTo(0.1, within(1e-9));
    assertThat(r.rounds().get(0).aggregate().winner()).isEqualTo("yes");
    Map<String, Double> synthesis = weights(r.rounds().get(1));
    assertThat(synthesis.get("unknown")).isLessThan(synthesis.get("reliable"))
        .isGreaterThan(synthesis.get("unreliable"));
    assertThat(synthesis.get("unknown") / synthesis.get("reliable")).isCloseTo(0.5 / 0.9, within(1e-9));
    assertThat(synthesis.get("unreliable") / synthesis.get("reliable")).isCloseTo(0.1 / 0.9, within(1e-9));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Double> weights(dev.council.api.RoundResult round) {
    return (Map<String, Double>) round.metadata().get("weights");
  }

  @Test
  void freeTextAnswersAgreeWhenTheyShareEnoughWordsWithTheFinalAnswer() {
    mock.script("a", MockScript.content("Yes the clause is enforceable"));
    mock.script("b", MockScript.content("No, it is void"));
    mock.script("chair", MockScript.content("Yes, the clause is enforceable"));
    Council c = Council.builder("synth").member(member("a")).member(member("b")).chair(member("chair"))
        .round(Round.of("independent_analysis")).round(Round.of("synthesis"))
        .option("reliability", Map.of("record", "agreement")).build();

    engine.run(c, LEGAL);

    assertThat(engine.reliability().score("a", Map.of()).getAsDouble()).isCloseTo(2.0 / 3.0, within(1e-12));
    assertThat(engine.reliability().score("b", Map.of()).getAsDouble()).isCloseTo(1.0 / 3.0, within(1e-12));
    assertThat(engine.reliability().score("chair", Map.of())).isEmpty();
  }

  @Test
  void aMalformedReliabilityOptionIsReportedWithItsPath() {
    Council c = voting(Map.of(), Map.of("reliability", Map.of("record", "always", "featurs", List.of())));

    List<ValidationError> errors = engine.validate(c);

    assertThat(errors).extracting(ValidationError::path).contains("options.reliability.record",
        "options.reliability.featurs");
  }

  @Test
  void theStoreIsChosenByConfigurationAndAnUnknownNameSaysWhatIsAvailable() {
    try (CouncilEngine configured = CouncilEngine.builder()
        .config(TestSupport.config("council.reliability.store", "memory")).build()) {
      assertThat(configured.reliability()).isInstanceOf(MemoryReliabilityStore.class);
    }
    assertThatThrownBy(() -> CouncilEngine.builder().config(TestSupport.config("council.reliability.store", "redis"))
        .build()).isInstanceOf(CouncilException.class)
        .hasMessageContaining("council.reliability.store").hasMessageContaining("redis")
        .hasMessageContaining("memory");
  }
}
