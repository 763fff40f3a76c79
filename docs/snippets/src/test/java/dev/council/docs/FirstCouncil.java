package dev.council.docs;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.engine.CouncilEngine;
import java.util.Map;

public class FirstCouncil {
  public static void main(String[] args) {
    Council council = Council.builder("product-review")
        .member(Member.builder("designer").role("Designer").provider("simulated").model("simulated-1").build())
        .member(Member.builder("engineer").role("Engineer").provider("simulated").model("simulated-1").build())
        .round("independent_analysis")
        .round("critique")
        .chair(Member.builder("chair").role("Chair").provider("simulated").model("simulated-1").build())
        .build();                                     // a chair adds the synthesis round

    try (CouncilEngine engine = CouncilEngine.create()) {
      Result result = engine.run(council, Map.of("question", "Should the app get a dark mode?"));
      System.out.println(result.status() + ": " + result.answer());
    }
  }
}
