package dev.council.engine.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.council.api.AutoChoice;
import dev.council.api.Council;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.ResultMetadata;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.ValidationError;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.RoundCompleted;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.engine.json.Councils;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Auto councils choose one council from a catalog per input and run it: each strategy on inputs written
 * apart from the rules (held-out style), no match as an error or a fallback, the choice in the result and
 * in the round's event, and validation of what the round refers to.
 */
class AutoCouncilTest {
  private final MockProvider mock = MockProvider.create("mock");

  /** A one-member council whose member answers {@code answer}. */
  private Council specialist(String id, String answer) {
    mock.script(id + "-analyst", MockScript.content(answer));
    return Council.builder(id).description(id + " specialists")
        .member(Member.builder(id + "-analyst").provider("mock").model("m").build())
        .round(Round.of("independent_analysis")).build();
  }

  private CouncilEngine engine(CouncilEngine.Builder b) {
    return b.config(CouncilConfig.of(Map.of())).provider("mock", mock).build();
  }

  private Council triage(AutoCouncil.Builder b) {
    return b.entry(AutoCouncil.entry("code", specialist("code", "code answer"))
            .description("software engineering: Java programs, exceptions, stack traces, compilers and bugs")
            .match("(?i)\\b(java|kotlin|stack ?trace|exception|compil\\w*)\\b"))
        .entry(AutoCouncil.entry("legal", specialist("legal", "legal answer"))
            .description("law: contracts, clauses, liability, GDPR and compliance")
            .match("(?i)\\b(contracts?|liability|gdpr|lawsuit)\\b"))
        .entry(AutoCouncil.entry("long", specialist("long", "long answer")).predicate("long-question"))
        .entry(AutoCouncil.entry("general", specialist("general", "general answer"))
            .description("general questions about anything else"))
        .build();
  }

  private CouncilEngine.Builder withPredicate() {
    return CouncilEngine.builder().inputPredicate("long-question", (input, q) -> q.length() > 200);
  }

  @Test
  void rulesChooseTheFirstMatchingEntryAndRunIt() {
    Council auto = triage(AutoCouncil.builder("triage"));
    try (CouncilEngine engine = engine(withPredicate())) {
      assertThat(engine.validate(auto)).isEmpty();
      List<CouncilEvent> events = new CopyOnWriteArrayList<>();
      Result code = engine.run(auto, Map.of("question", "My Kotlin build prints a StackTrace when compiling"),
          RunOptions.builder().listener(events::add).build());
      Result legal = engine.run(auto, Map.of("question", "Who carries the liability if the supplier breaks the"
          + " contract?"));
      Result longOne = engine.run(auto, Map.of("question", "x".repeat(201)));

      assertThat(code.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(code.finalAnswer()).contains("code answer");
      AutoChoice choice = AutoChoice.of(code).orElseThrow();
      assertThat(choice.strategy()).isEqualTo("rules");
      assertThat(choice.chosen()).isEqualTo("code");
      assertThat(choice.reason()).startsWith("the question matches /");
      assertThat(choice.score()).isNull();
      assertThat(choice.latencyMillis()).isGreaterThanOrEqualTo(0);
      assertThat(legal.finalAnswer()).contains("legal answer");
      assertThat(AutoChoice.of(legal).orElseThrow().chosen()).isEqualTo("legal");
      assertThat(AutoChoice.of(longOne).orElseThrow().reason()).isEqualTo("predicate 'long-question' matched");
      assertThat(longOne.finalAnswer()).contains("long answer");
      assertThat(mock.calls("general-analyst")).isZero();

      RoundCompleted rc = events.stream().filter(RoundCompleted.class::isInstance).map(RoundCompleted.class::cast)
          .findFirst().orElseThrow();
      assertThat(AutoChoice.fromMap(rc.result().metadata().get(ResultMetadata.AUTO))).contains(
          AutoChoice.of(code).orElseThrow());
      assertThat(events).filteredOn(MemberStarted.class::isInstance).map(e -> ((MemberStarted) e).memberId())
          .containsExactly("code");
    }
  }

  @Test
  void noMatchFailsTheRunSayingWhyWithoutCallingAnyCouncil() {
    Council auto = triage(AutoCouncil.builder("triage"));
    try (CouncilEngine engine = engine(withPredicate())) {
      Result r = engine.run(auto, Map.of("question", "What is a good name for a cat?"));

      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.errors()).hasSize(1);
      assertThat(r.errors().get(0).kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(r.errors().get(0).message()).isEqualTo("auto council 'triage' found no council for this input"
          + " with strategy rules: rules: no entry's match or predicate fits the question. Add an entry or rule"
          + " that fits, or set onNoMatch to \"fallback\" with a fallback council");
      assertThat(AutoChoice.of(r)).isEmpty();
      assertThat(mock.calls("code-analyst") + mock.calls("legal-analyst") + mock.calls("general-analyst")).isZero();
    }
  }

  @Test
  void noMatchRunsTheFallbackWhenOneIsNamed() {
    Council auto = triage(AutoCouncil.builder("triage").fallback("general"));
    try (CouncilEngine engine = engine(withPredicate())) {
      Result r = engine.run(auto, Map.of("question", "What is a good name for a cat?"));

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.finalAnswer()).contains("general answer");
      AutoChoice c = AutoChoice.of(r).orElseThrow();
      assertThat(c.strategy()).isEqualTo("fallback");
      assertThat(c.chosen()).isEqualTo("general");
      assertThat(c.reason()).contains("rules: no entry's match or predicate fits the question");
    }
  }

  @Test
  void embeddingChoosesTheNearestDescriptionWithTheSimulatedProvidersEmbeddings() {
    Council auto = triage(AutoCouncil.builder("triage").strategy(AutoCouncil.Strategy.EMBEDDING)
        .embedder(Member.builder("embedder").provider("simulated").model("hashed-words").build()));
    try (CouncilEngine engine = engine(withPredicate())) {
      assertThat(engine.validate(auto)).isEmpty();
      Result compliance = engine.run(auto, Map.of("question", "Which GDPR clauses belong in our contracts?"));
      Result bugs = engine.run(auto, Map.of("question", "The compiler reports bugs in my programs"));

      AutoChoice c = AutoChoice.of(compliance).orElseThrow();
      assertThat(c.strategy()).isEqualTo("embedding");
      assertThat(c.chosen()).isEqualTo("legal");
      assertThat(c.score()).isBetween(0.0, 1.0);
      assertThat(c.reason()).startsWith("nearest by cosine similarity");
      assertThat(compliance.finalAnswer()).contains("legal answer");
      assertThat(AutoChoice.of(bugs).orElseThrow().chosen()).isEqualTo("code");
    }
  }

  @Test
  void embeddingBelowMinScoreIsNoMatch() {
    Council auto = triage(AutoCouncil.builder("triage").strategy(AutoCouncil.Strategy.EMBEDDING).minScore(0.5)
        .embedder(Member.builder("embedder").provider("simulated").model("hashed-words").build()));
    try (CouncilEngine engine = engine(withPredicate())) {
      Result r = engine.run(auto, Map.of("question", "Recommend a dessert with strawberries"));

      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.errors().get(0).message()).contains("below minScore 0.5");
    }
  }

  @Test
  void cascadeTriesRulesThenEmbedding() {
    Council auto = triage(AutoCouncil.builder("triage")
        .cascade(AutoCouncil.Strategy.RULES, AutoCouncil.Strategy.EMBEDDING)
        .embedder(Member.builder("embedder").provider("simulated").model("hashed-words").build()));
    try (CouncilEngine engine = engine(withPredicate())) {
      assertThat(engine.validate(auto)).isEmpty();
      Result byRule = engine.run(auto, Map.of("question", "Why does Java throw this exception?"));
      Result byEmbedding = engine.run(auto, Map.of("question", "Review the compliance of these clauses"));

      assertThat(AutoChoice.of(byRule).orElseThrow().reason()).startsWith("cascade step 1 (rules): ");
      assertThat(AutoChoice.of(byRule).orElseThrow().chosen()).isEqualTo("code");
      AutoChoice second = AutoChoice.of(byEmbedding).orElseThrow();
      assertThat(second.strategy()).isEqualTo("embedding");
      assertThat(second.chosen()).isEqualTo("legal");
      assertThat(second.reason()).startsWith("cascade step 2 (embedding): ");
    }
  }

  @Test
  void aCascadeThatIncludesItselfIsRejectedAtValidation() {
    Council auto = Councils.fromJson("""
        {"id": "loop", "members": [{"id": "a", "subCouncilRef": "general"}],
         "rounds": [{"type": "auto", "options": {"strategy": "cascade",
           "chain": ["rules", "cascade", {"strategy": "cascade"}]}}]}""");
    try (CouncilEngine engine = engine(CouncilEngine.builder().council("general", specialist("general", "g")))) {
      List<ValidationError> errors = engine.validate(auto);

      assertThat(errors).extracting(ValidationError::path, ValidationError::code).containsExactly(
          tuple("rounds[0].options.chain[1]", "cascade_self"),
          tuple("rounds[0].options.chain[2].strategy", "cascade_self"));
      assertThat(errors.get(0).message()).startsWith("a cascade cannot include itself: step 1 of the chain is"
          + " \"cascade\"");
    }
  }

  @Test
  void validationNamesEveryBadReference() {
    Council auto = Councils.fromJson("""
        {"id": "bad", "members": [
           {"id": "a", "subCouncilRef": "general", "metadata": {"match": "([unclosed", "predicate": "nope"}}],
         "rounds": [{"type": "auto", "options": {"strategy": "llm_classify", "onNoMatch": "fallback",
           "fallback": "missing", "minScore": 3}}]}""");
    try (CouncilEngine engine = engine(CouncilEngine.builder().council("general", specialist("general", "g")))) {
      assertThat(engine.validate(auto)).extracting(ValidationError::path, ValidationError::code)
          .containsExactlyInAnyOrder(
              tuple("rounds[0].options.minScore", "invalid_value"),
              tuple("rounds[0].options.classifier", "missing_field"),
              tuple("members[0].metadata.match", "invalid_value"),
              tuple("members[0].metadata.predicate", "unknown_predicate"),
              tuple("rounds[0].options.fallback", "unknown_council"));
    }
  }

  @Test
  void aCascadeStepMayNameItsOwnEmbedderWhichIsChecked() {
    String json = """
        {"id": "c", "members": [{"id": "a", "subCouncilRef": "general", "metadata": {"description": "all"}},
           {"id": "e", "provider": "simulated", "model": "m"}],
         "rounds": [{"type": "auto", "options": {"strategy": "cascade",
           "chain": ["rules", {"strategy": "embedding", "embedder": "%s"}]}}]}""";
    Council ok = Councils.fromJson(json.formatted("e"));
    Council bad = Councils.fromJson(json.formatted("x"));
    try (CouncilEngine engine = engine(CouncilEngine.builder().council("general", specialist("general", "g")))) {
      assertThat(engine.validate(ok)).isEmpty();
      assertThat(engine.validate(bad)).extracting(ValidationError::path, ValidationError::code)
          .containsExactly(tuple("rounds[0].options.chain[1].embedder", "unknown_member"));
      assertThat(engine.run(ok, Map.of("question", "anything at all")).status()).isEqualTo(RunStatus.COMPLETED);
    }
  }

  @Test
  void llmClassifyReAsksAnInvalidNameAndRunsTheNamedEntry() {
    mock.script("router", MockScript.sequence(MockScript.content("{\"choice\": \"astrology\"}"),
        MockScript.content("{\"choice\": \"legal\", \"reason\": \"it is about a contract\"}")));
    Council auto = triage(AutoCouncil.builder("triage").strategy(AutoCouncil.Strategy.LLM_CLASSIFY)
        .classifier(Member.builder("router").provider("mock").model("m").build()));
    try (CouncilEngine engine = engine(withPredicate())) {
      Result r = engine.run(auto, Map.of("question", "Can they end the agreement early?"));

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(mock.calls("router")).isEqualTo(2);
      assertThat(mock.requests("router").get(0).messages().getLast().content())
          .contains("- legal: law: contracts, clauses, liability, GDPR and compliance")
          .contains("Can they end the agreement early?");
      AutoChoice c = AutoChoice.of(r).orElseThrow();
      assertThat(c).extracting(AutoChoice::strategy, AutoChoice::chosen)
          .containsExactly("llm_classify", "legal");
      assertThat(c.reason()).isEqualTo("classifier 'router': it is about a contract");
      assertThat(r.finalAnswer()).contains("legal answer");
    }
  }

  @Test
  void llmClassifyAnsweringNoneFallsBack() {
    mock.script("router", MockScript.content("{\"choice\": \"none\", \"reason\": \"a cooking question\"}"));
    Council auto = triage(AutoCouncil.builder("triage").strategy(AutoCouncil.Strategy.LLM_CLASSIFY)
        .classifier(Member.builder("router").provider("mock").model("m").build()).fallback("general"));
    try (CouncilEngine engine = engine(withPredicate())) {
      Result r = engine.run(auto, Map.of("question", "How long do I boil an egg?"));

      assertThat(AutoChoice.of(r).orElseThrow().chosen()).isEqualTo("general");
      assertThat(AutoChoice.of(r).orElseThrow().reason()).contains("chose none (a cooking question)");
    }
  }

  @Test
  void registryCatalogFilteredByTagsFromJson() {
    Council auto = Councils.fromJson("""
        {"id": "desk", "members": [],
         "rounds": [{"type": "auto", "options": {"catalog": "registry", "tags": ["support"]}}]}""");
    Council billing = specialist("billing", "billing answer").toBuilder()
        .option("tags", List.of("support")).option("match", "(?i)invoice|refund").build();
    Council sales = specialist("sales", "sales answer").toBuilder()
        .option("tags", List.of("revenue")).option("match", "(?i)invoice|price").build();
    try (CouncilEngine engine = engine(CouncilEngine.builder().council("billing", billing).council("sales", sales)
        .council("desk", auto))) {
      assertThat(engine.validate(auto)).isEmpty();
      Result r = engine.run(auto, Map.of("question", "Where is my invoice?"));

      assertThat(AutoChoice.of(r).orElseThrow().chosen()).isEqualTo("billing");
      assertThat(r.rounds().get(0).metadata().get("candidates")).isEqualTo(List.of("billing"));
      assertThat(r.finalAnswer()).contains("billing answer");
    }
  }

  @Test
  void aRegistryCatalogNeverOffersItselfOrAnotherRegistryWideAutoCouncil() {
    Council desk = Councils.fromJson("""
        {"id": "desk", "members": [], "rounds": [{"type": "auto", "options": {"catalog": "registry",
          "onNoMatch": "fallback", "fallback": "general"}}]}""");
    Council otherDesk = desk.toBuilder().build().toBuilder().option("match", ".*").build();
    Council general = specialist("general", "general answer").toBuilder().option("match", "(?i)weather").build();
    try (CouncilEngine engine = engine(CouncilEngine.builder().council("desk", desk).council("other-desk", otherDesk)
        .council("general", general))) {
      Result r = engine.run(desk, Map.of("question", "anything"));

      assertThat(r.rounds().get(0).metadata().get("candidates")).isEqualTo(List.of("general"));
      assertThat(AutoChoice.of(r).orElseThrow().strategy()).isEqualTo("fallback");
      assertThat(r.finalAnswer()).contains("general answer");
    }
  }

  @Test
  void providerCheckLeavesOutEntriesWhoseProvidersAreNotConfigured() {
    Council offline = Council.builder("offline").member(Member.builder("o").provider("needs-key")
        .model("m").build()).round(Round.of("independent_analysis")).build();
    Council auto = AutoCouncil.builder("checked").providerCheck(true)
        .entry(AutoCouncil.entry("offline", offline).match(".*"))
        .entry(AutoCouncil.entry("general", specialist("general", "general answer")).match(".*"))
        .build();
    LlmProviderFactory needsKey = new LlmProviderFactory() {
      @Override public String type() { return "needs-key"; }
      @Override public LlmProvider create(String providerId, CouncilConfig config) {
        throw new ConfigException(List.of("provider '" + providerId + "' has no API key"));
      }
    };
    try (CouncilEngine engine = engine(CouncilEngine.builder().providerFactory(needsKey))) {
      assertThat(engine.validate(auto)).isEmpty();
      Result r = engine.run(auto, Map.of("question", "anything"));

      assertThat(AutoChoice.of(r).orElseThrow().chosen()).isEqualTo("general");
      assertThat(r.rounds().get(0).metadata().get("providerCheckSkipped")).isEqualTo(
          Map.of("offline", "providers not configured: [needs-key]"));
    }
  }

  @Test
  void anAutoCouncilRoundTripsThroughJsonAndRunsAsASubCouncilByName() {
    Council auto = triage(AutoCouncil.builder("triage").fallback("general"));
    assertThat(Councils.fromJson(Councils.toJson(auto))).isEqualTo(auto);
    Council outer = Council.builder("outer").member(Member.builder("desk").subCouncilRef("triage").build())
        .round(Round.of("independent_analysis")).build();
    try (CouncilEngine engine = engine(withPredicate().council("triage", auto))) {
      Result r = engine.run(outer, Map.of("question", "Is GDPR relevant to us?"));

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.finalAnswer()).contains("legal answer");
      Result sub = (Result) r.rounds().get(0).members().get(0).metadata().get(ResultMetadata.SUB_RESULT);
      assertThat(AutoChoice.of(sub).orElseThrow().chosen()).isEqualTo("legal");
    }
  }

  /** Questions written apart from the rules and descriptions above, each with the entry a person would pick. */
  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "rules     | Our Java service crashes with an exception on startup       | code",
      "rules     | Does the compiler inline this method?                        | code",
      "rules     | Are we exposed to a lawsuit over this?                       | legal",
      "rules     | What does GDPR say about keeping logs?                       | legal",
      "rules     | Plan a team offsite in spring                                | general",
      "embedding | Which clauses of the contract limit our liability?           | legal",
      "embedding | The program has bugs after the compiler upgrade              | code",
      "embedding | Is our handling of customer data compliant with GDPR?        | legal",
      "embedding | Recommend a good novel for the holidays                      | general",
      "cascade   | Kotlin exception in production                               | code",
      "cascade   | Review our compliance before signing contracts               | legal",
      "cascade   | Plan a team offsite in spring                                | general"})
  void eachStrategyChoosesTheEntryAPersonWouldOnHeldOutQuestions(String strategy, String question, String expected) {
    AutoCouncil.Builder b = AutoCouncil.builder("triage").fallback("general");
    Member embedder = Member.builder("embedder").provider("simulated").model("hashed-words").build();
    switch (strategy) {
      case "embedding" -> b.strategy(AutoCouncil.Strategy.EMBEDDING).minScore(0.15).embedder(embedder);
      case "cascade" -> b.cascade(AutoCouncil.Strategy.RULES, AutoCouncil.Strategy.EMBEDDING).minScore(0.15)
          .embedder(embedder);
      default -> b.strategy(AutoCouncil.Strategy.RULES);
    }
    Council auto = triage(b);
    try (CouncilEngine engine = engine(withPredicate())) {
      Result r = engine.run(auto, Map.of("question", question));

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(AutoChoice.of(r).orElseThrow().chosen()).as(AutoChoice.of(r).orElseThrow().reason())
          .isEqualTo(expected);
      assertThat(r.finalAnswer()).contains(expected + " answer");
    }
  }

  @Test
  void anAutoCouncilFromTheCouncilsFolderRunsByNameFromAJsonCouncil() {
    Council outer = Councils.fromJson("""
        {"id": "front-desk", "members": [{"id": "desk", "subCouncilRef": "auto-rules"}],
         "rounds": [{"type": "independent_analysis"}]}""");
    try (CouncilEngine engine = CouncilEngine.create(CouncilConfig.of(Map.of(CouncilEngine.COUNCILS_DIR,
        Path.of("..", "examples").toString())))) {
      assertThat(engine.validate(outer)).isEmpty();

      Result r = engine.run(outer, Map.of("question", "How do we cut our database outage time?"));

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      Result sub = (Result) r.rounds().get(0).members().get(0).metadata().get(ResultMetadata.SUB_RESULT);
      assertThat(AutoChoice.of(sub).orElseThrow().chosen()).isEqualTo("engineering");
      assertThat(r.answer()).startsWith("[simulated]");
    }
  }
}
