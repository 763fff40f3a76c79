package dev.council.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.Councils;
import dev.council.testkit.CouncilTesting;
import dev.council.testkit.RunEvents;
import dev.council.testkit.ScriptedCouncil;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/testing.md: a council's test with scripted members and event assertions (runs from the repository root). */
class AdvisorCouncilTest {
  @Test
  void theBoardAdvisesThroughItsChair() {
    Council council = Councils.fromJson(Path.of("examples/advisor.json"));
    Map<String, String> advice = Map.of("strategist", "Adopt it in a year.",
        "skeptic", "Not before the audit.", "operator", "Only with on-call training.",
        "chair", "Adopt after the audit, with training.");
    ScriptedCouncil s = CouncilTesting.scriptCouncil(council, (id, request) ->
        request.context().round().equals("anonymized_peer_review")
            ? "{\"ordering\": [\"Response A\", \"Response B\"], \"rationale\": null}"
            : advice.get(id));
    RunEvents events = new RunEvents();
    try (CouncilEngine engine = CouncilEngine.builder()
        .provider(ScriptedCouncil.PROVIDER_ID, s.provider()).tracer(events).build()) {
      Result r = engine.run(s.council(), Map.of("question", "Should we adopt Kubernetes?"));

      RoundResult first = events.assertRoundCompleted("independent_analysis", r.runId());
      assertThat(first.member("skeptic").orElseThrow().content()).isEqualTo("Not before the audit.");
      assertThat(events.assertRoundCompleted("anonymized_peer_review", r.runId()).aggregate()).isNotNull();
      assertThat(s.requests("chair")).hasSize(1);
      assertThat(r.finalAnswer()).contains("Adopt after the audit, with training.");
    }
  }
}
