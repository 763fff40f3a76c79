package dev.council.docs;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import java.util.List;
import java.util.Map;

/** docs/councils.md: learned reliability weighting a vote. */
final class ReliabilityJury {
  private ReliabilityJury() {}

  static Result jury(MockProvider mock, Member a, Member b, Member c) {
    try (CouncilEngine engine = CouncilEngine.builder().provider("mock", mock).build()) {
      for (int i = 0; i < 8; i++) {                 // c has usually been right on legal questions
        engine.reliability().record("a", Map.of("domain", "legal"), false);
        engine.reliability().record("c", Map.of("domain", "legal"), true);
      }
      Council jury = Council.builder("jury").member(a).member(b).member(c)
          .round(Round.of("vote", Map.of("choices", List.of("yes", "no"),
              "aggregator", "confidence_weighted", "reliability", true)))
          .option("reliability", Map.of("features", List.of("domain"), "record", "agreement")).build();
      return engine.run(jury, Map.of("question", "Is the clause enforceable?", "domain", "legal"));
    }
  }
}
