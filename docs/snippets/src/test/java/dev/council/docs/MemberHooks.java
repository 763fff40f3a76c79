package dev.council.docs;

import dev.council.api.Council;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.Councils;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.util.List;
import java.util.Map;

/** docs/councils.md: member hooks, an input transform and an output validator. */
final class MemberHooks {
  private MemberHooks() {}

  static void careful(MockProvider mock) {
    CouncilEngine engine = CouncilEngine.builder()
        .provider("mock", mock)                                   // MockProvider: offline
        .inputTransform("terse", (m, prompt, input) -> prompt + "\nAnswer in one sentence.")
        .outputValidator("cites_a_source", (m, content, parsed) ->
            content.contains("[source]") ? List.of() : List.of("cite at least one source, marked [source]"))
        .build();
    Council c = Councils.fromJson("""
        {"id": "careful", "members": [{"id": "a", "provider": "mock", "model": "m",
          "transformInput": "terse", "validate": "cites_a_source", "retry": {"maxAttempts": 3}}],
         "rounds": [{"type": "independent_analysis"}]}
        """);
    mock.script("a", MockScript.sequence(MockScript.content("Yes."), MockScript.content("Yes [source].")));
    engine.run(c, Map.of("question", "Is it safe?"));   // a answers twice; its result is "Yes [source]."
    engine.close();
  }
}
