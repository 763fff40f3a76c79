package dev.council.docs;

import dev.council.api.AutoChoice;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.engine.CouncilEngine;
import dev.council.engine.auto.AutoCouncil;
import java.util.Map;

/** docs/councils.md: an auto council built in code. */
final class AutoTriage {
  private AutoTriage() {}

  static AutoChoice triage(CouncilEngine engine, String q) {
    Council triage = AutoCouncil.builder("triage")
        .entry(AutoCouncil.entryRef("engineering", "engineering-council")
            .description("kubernetes, deployment, databases").match("(?i)\\b(kubernetes|deploy\\w*)\\b"))
        .entry(AutoCouncil.entryRef("people", "people-council").description("hiring, salaries, the working week")
            .match("(?i)\\b(hiring|four-day)\\b"))
        .entry(AutoCouncil.entryRef("general", "general-council"))
        .cascade(AutoCouncil.Strategy.RULES, AutoCouncil.Strategy.EMBEDDING)
        .minScore(0.3)
        .embedder(Member.builder("embedder").profile("openai_embedding").build())
        .fallback("general")
        .build();
    Result r = engine.run(triage, Map.of("question", q));
    AutoChoice choice = AutoChoice.of(r).orElseThrow();   // strategy, chosen, reason, score, latencyMillis
    return choice;
  }
}
