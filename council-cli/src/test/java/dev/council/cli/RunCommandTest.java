package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.cli.Cli.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  private static final String QUESTION = "Should we migrate to microservices?";

  @TempDir
  Path dir;

  @Test
  void runOfTheAdvisorExamplePrintsTheTimelineThenTheFinalAnswerLabelledSimulated() {
    Outcome r = Cli.run("run", Cli.example("advisor.json"), "--question", QUESTION);

    assertThat(r.code()).as(r.toString()).isZero();
    String out = r.out();
    assertThat(out).contains("council 'advisor' from ", "question: " + QUESTION,
        "round 0 'independent_analysis' (independent_analysis) started: strategist, skeptic, operator",
        "strategist OK in", "round 1 'anonymized_peer_review' completed: 3 of 3 ok",
        "round 2 'synthesis' (synthesis) started: chair", "COMPLETED: 3 rounds");
    assertThat(out.indexOf("FINAL ANSWER")).as("answer block after the whole timeline")
        .isGreaterThan(out.indexOf("round 2 'synthesis' completed"))
        .isGreaterThan(out.indexOf("COMPLETED: 3 rounds"));
    String block = out.substring(out.indexOf("FINAL ANSWER"));
    assertThat(block.lines().skip(2).findFirst()).hasValueSatisfying(answer ->
        assertThat(answer).startsWith("[simulated]").contains("chair", QUESTION));
    assertThat(block).contains(
        "status COMPLETED | council 'advisor'", "3 rounds, 7 member calls", " total) | took ",
        "SIMULATED: answers come from the offline simulated provider (members 'strategist', 'skeptic',"
            + " 'operator', 'chair'), not from a real model");
    assertThat(out).contains("offline demo: 'strategist', 'skeptic', 'operator', 'chair' use the simulated provider");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void jsonPrintsTheResultOnStdoutAndTheTimelineOnStderr() {
    Outcome r = Cli.run("run", Cli.example("advisor.json"), "--question", QUESTION, "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    Map<String, Object> result = Cli.json(r.out());
    assertThat(result).containsEntry("status", "COMPLETED").containsEntry("councilId", "advisor")
        .containsEntry("errors", List.of());
    assertThat((String) result.get("answer")).startsWith("[simulated]").contains(QUESTION);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rounds = (List<Map<String, Object>>) result.get("rounds");
    assertThat(rounds).extracting(m -> m.get("name"))
        .containsExactly("independent_analysis", "anonymized_peer_review", "synthesis");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> first = (List<Map<String, Object>>) rounds.getFirst().get("members");
    assertThat(first).extracting(m -> m.get("memberId"), m -> m.get("status"), m -> m.get("provider"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("strategist", "OK", "simulated"),
            org.assertj.core.groups.Tuple.tuple("skeptic", "OK", "simulated"),
            org.assertj.core.groups.Tuple.tuple("operator", "OK", "simulated"));
    assertThat(first.getFirst().get("usage")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsKeys("inputTokens", "outputTokens");
    @SuppressWarnings("unchecked")
    Map<String, Object> usage = (Map<String, Object>) result.get("usage");
    assertThat(((Number) usage.get("inputTokens")).longValue()).isPositive();
    assertThat(((Number) usage.get("outputTokens")).longValue()).isPositive();

    assertThat(r.err()).contains("round 0 'independent_analysis' (independent_analysis) started",
        "COMPLETED: 3 rounds", "[offline] answers are simulated");
    assertThat(r.out()).doesNotContain("round 0 'independent_analysis'", "FINAL ANSWER");
  }

  @Test
  void debugAddsPromptsAndResponsesToTheTimeline() {
    Outcome timeline = Cli.run("run", Cli.example("advisor.json"), "-q", QUESTION, "--verbose");
    Outcome debug = Cli.run("run", Cli.example("advisor.json"), "-q", QUESTION, "--debug");

    assertThat(timeline.code()).isZero();
    assertThat(debug.code()).isZero();
    assertThat(timeline.out()).doesNotContain("prompt: ", "response: ");
    assertThat(debug.out()).contains("strategist attempt 1 started", "prompt: ", "response: [simulated]");
  }

  @Test
  void aCouncilWithoutAChairShowsEachAnswerOfItsLastRound() {
    Path file = Cli.write(dir, "panel.json", """
        { "id": "panel", "members": [ { "id": "left", "provider": "simulated", "model": "m" },
                                      { "id": "right", "provider": "simulated", "model": "m" } ],
          "rounds": [ { "type": "independent_analysis" } ] }
        """);

    Outcome r = Cli.run("run", file.toString(), "-q", QUESTION);

    assertThat(r.code()).as(r.toString()).isZero();
    String block = r.out().substring(r.out().indexOf("FINAL ANSWER"));
    assertThat(block).contains("(no single final answer: the council has no chair or deciding round, so here is"
        + " each answer of its last round, 'independent_analysis')", "--- left ---", "--- right ---");
    assertThat(block.indexOf("--- right ---")).isGreaterThan(block.indexOf("--- left ---"));
    assertThat(block.substring(block.indexOf("--- left ---"))).contains("[simulated]");
  }

  @Test
  void inputValuesAreGivenToTheCouncil() {
    Outcome r = Cli.run("run", Cli.example("advisor.json"), "--input", "question=Which database?",
        "--input", "context=a small team", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat((String) (Cli.json(r.out())).get("answer")).contains("Which database?");
  }

  @Test
  void aMissingFileExitsTwoNamingThePath() {
    Path missing = dir.resolve("nope.json");

    Outcome r = Cli.run("run", missing.toString(), "-q", QUESTION);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("error: cannot read council file " + missing + ": no such file",
        "check the path").doesNotContain("Exception", "\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void malformedJsonExitsTwoWithLineAndColumn() {
    Path bad = Cli.write(dir, "bad.json", "{\n  \"id\": \"x\",\n  \"members\": [\n    { \"id\": \"a\" \"role\": \"b\" }\n  ]\n}\n");

    Outcome r = Cli.run("run", bad.toString(), "-q", QUESTION);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(bad + " is not a valid council file (1 problem)", "$: [malformed_json]",
        "line 4, column", "council validate " + bad).doesNotContain("\tat ");
  }

  @Test
  void anUnknownProviderExitsTwoNamingItAndWhatIsAvailable() {
    Path file = Cli.write(dir, "unknown.json", """
        { "id": "typo", "members": [ { "id": "a", "provider": "opneai", "model": "gpt-4o" } ],
          "rounds": [ { "type": "independent_analysis" } ] }
        """);

    Outcome r = Cli.run("run", file.toString(), "-q", QUESTION);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("council 'typo' in " + file + " is invalid (1 problem)",
        "members[0].provider: [unknown_provider] provider 'opneai' is not configured. Available: [",
        "simulated", "mock", "council.providers.opneai.type");
  }

  @Test
  void aRunOverItsTokenBudgetFailsWithExitOne() {
    Outcome r = Cli.run("run", Cli.example("advisor.json"), "-q", QUESTION, "--max-tokens", "50");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("RUN FAILED", "budget exceeded", "maxTokens 50", "status FAILED",
        "The run did not complete");
  }

  @Test
  void aRunWhoseOnlyMemberTimesOutFailsWithExitOne() {
    Path config = Cli.write(dir, "slow.properties", """
        council.providers.slow.type=simulated
        council.providers.slow.latency=30s
        """);
    Path file = Cli.write(dir, "slow.json", """
        { "id": "slow", "members": [ { "id": "sloth", "provider": "slow", "model": "m", "timeout": "50ms",
            "retry": { "maxAttempts": 1 } } ],
          "rounds": [ { "type": "independent_analysis" } ] }
        """);

    Outcome r = Cli.run("run", file.toString(), "-q", QUESTION, "--config", config.toString(), "--json");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(Cli.json(r.out())).containsEntry("status", "FAILED");
    assertThat(r.err()).contains("sloth TIMEOUT", "FAILED");
  }

  @Test
  void noInputIsBadUsage() {
    Outcome r = Cli.run("run", Cli.example("advisor.json"));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("error: no input: pass --question TEXT", "Usage: council run",
        "Run 'council run --help' for the options.");
  }

  @Test
  void theQuestionGivenTwiceIsBadUsage() {
    Outcome r = Cli.run("run", Cli.example("advisor.json"), "-q", "a", "--input", "question=b");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("the question is given twice");
  }

  @Test
  void anUnreadableConfigFileExitsTwoNamingIt() {
    Path missing = dir.resolve("council.properties");

    Outcome r = Cli.run("run", Cli.example("advisor.json"), "-q", QUESTION, "--config", missing.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("cannot read configuration file " + missing + ": no such file", "--config");
  }

  @Test
  void aMalformedConfigurationValueExitsTwoNamingTheKey() {
    Outcome r = Cli.run(Map.of("COUNCIL_OFFLINE", "perhaps"), "run", Cli.example("advisor.json"), "-q", QUESTION);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("council.offline is 'perhaps' but must be true or false", "COUNCIL_OFFLINE");
  }
}
