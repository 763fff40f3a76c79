package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.member;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import dev.council.engine.json.Councils;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code bias_check} diagnostic round: its report lands in round metadata, answers flow past it. */
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
    mock.script("a", MockScript.content("She should decide."));
    mock.script("b", MockScript.content("The team should decide."));
    mock.script("chair", MockScript.content("The team decides."));
    Council c = Councils.fromJson("""
        {"id": "diag",
         "members": [{"id": "a", "provider": "mock", "model": "m"}, {"id": "b", "provider": "mock", "model": "m"}],
         "chair": {"id": "chair", "provider": "mock", "model": "m"},
         "rounds": [{"type": "independent_analysis"},
                    {"type": "bias_check", "options": {"lexicon": {"gender": ["he", "she"]}, "threshold": 0.5}},
                    {"type": "synthesis"}]}
        """);

    Result r = engine.run(c, QUESTION);

    @SuppressWarnings("unchecked")
    Map<String, Object> bias = (Map<String, Object>) r.rounds().get(1).metadata().get("bias");
    // coverages 1/2 and 0: variance 1/16, x4 = 0.25 < 0.5
    assertThat(bias).containsEntry("flagged", false);
    assertThat(bias.get("axes").toString()).contains("score=0.25").contains("a=[she]");
    assertThat(r.rounds().get(1).members()).isEmpty();
    assertThat(mock.requests("chair").get(0).lastUserMessage()).contains("She should decide.")
        .contains("The team should decide.");
    assertThat(r.finalAnswer()).contains("The team decides.");
  }

  @Test
  void badOptionsAreReportedWithPaths() {
    Council c = Council.builder("bad").member(member("a")).round(Round.of("independent_analysis"))
        .round(Round.of("bias_check", Map.of("lexicon", Map.of("gender", List.of()), "threshold", 2))).build();

    assertThat(engine.validate(c)).extracting(ValidationError::path)
        .contains("rounds[1].options.lexicon.gender", "rounds[1].options.threshold");
  }
}
