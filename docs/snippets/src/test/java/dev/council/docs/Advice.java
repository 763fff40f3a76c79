package dev.council.docs;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import java.time.Duration;
import java.util.Map;

public class Advice {
  public static void main(String[] args) {
    Council council = Council.builder("advisor")
        .member(Member.builder("optimist").role("Optimist").provider("openai").model("gpt-4o-mini").build())
        .member(Member.builder("skeptic").role("Skeptic").provider("anthropic").model("claude-3-5-haiku-latest").build())
        .round(Round.of("independent_analysis"))
        .chair(Member.builder("chair").role("Chair").provider("openai").model("gpt-4o").build())
        .build();                                          // a chair adds the synthesis round

    try (CouncilEngine engine = CouncilEngine.create()) {  // config: council.* properties / COUNCIL_* env
      Result result = engine.run(council, Map.of("question", "Should we adopt a four-day week?"));
      System.out.println(result.answer());

      RunHandle handle = engine.start(council, Map.of("question", "Which database?"), RunOptions.builder()
          .listener(event -> System.out.println(event.seq() + " " + event.type()))  // sees RunStarted
          .memberTimeout(Duration.ofSeconds(60))
          .build());
      Result later = handle.await(Duration.ofMinutes(2));  // or handle.cancel(), handle.completion()
      System.out.println(later.status());                // listeners run on their own thread: their last
                                                         // lines may print after this one
    }
  }
}
