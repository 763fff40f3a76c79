package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.member;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.ValidationError;
import dev.council.engine.json.Councils;
import dev.council.engine.provider.MockProvider;
import dev.council.testkit.CouncilTesting;
import dev.council.testkit.RunEvents;
import dev.council.testkit.ScriptedCouncil;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code bias_check} diagnostic round: its report lands in round metadata, answers flow past it. Written
 * with the testkit's scripted councils, as an application's test would be.
 */
class BiasCheckRoundTest {
  private final MockProvider mock = MockProvider.create("mock");
  private final CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock)
      .build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void theReportLandsInRoundMetadataAndTheChairStillSeesTheAnswers() {
    Council c = Councils.fromJson("""
        {"id": "diag",
         "members": [{"id": "a", "provider": "openai", "model": "m"}, {"id": "b", "provider": "openai", "model": "m"}],
         "chair": {"id": "chair", "provider": "openai", "model": "m"},
         "rounds": [{"type": "independent_analysis"},
                    {"type": "bias_check", "options": {"lexicon": {"gender": ["he", "she"]}, "threshold": 0.5}},
                    {"type": "synthesis"}]}
        """);
    ScriptedCouncil scripted = CouncilTesting.scriptCouncil(c, Map.of("a", "She should decide.",
        "b", "The team should decide.", "chair", "The team decides."));
    RunEvents events = new RunEvents();
    try (CouncilEngine scriptedEngine = CouncilEngine.builder().config(TestSupport.config())
        .provider(ScriptedCouncil.PROVIDER_ID, scripted.provider()).tracer(events).build()) {
      Result r = scriptedEngine.run(scripted.council(), QUESTION);

      RoundResult check = events.assertRoundCompleted("bias_check", r.runId());
      @SuppressWarnings("unchecked")
      Map<String, Object> bias = (Map<String, Object>) check.metadata().get("bias");
      // coverages 1/2 and 0: variance 1/16, x4 = 0.25 < 0.5
      assertThat(bias).containsEntry("flagged", false);
      assertThat(bias.get("axes").toString()).contains("score=0.25").contains("a=[she]");
      assertThat(check.members()).isEmpty();
      assertThat(scripted.requests("chair").get(0).lastUserMessage()).contains("She should decide.")
          .contains("The team should decide.");
      assertThat(r.finalAnswer()).contains("The team decides.");
    }
  }

  @Test
  void badOptionsAreReportedWithPaths() {
    Council c = Council.builder("bad").member(member("a")).round(Round.of("independent_analysis"))
        .round(Round.of("bias_check", Map.of("lexicon", Map.of("gender", List.of()), "threshold", 2))).build();

    assertThat(engine.validate(c)).extracting(ValidationError::path)
        .contains("rounds[1].options.lexicon.gender", "rounds[1].options.threshold");
  }
}
