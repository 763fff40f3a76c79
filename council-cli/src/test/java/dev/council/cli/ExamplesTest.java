package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.council.cli.Cli.Outcome;
import dev.council.engine.provider.SimulatedProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every council in examples/ validates and runs to completion on a machine without API keys; the examples
 * of tool choice, logprob confidence and named councils from configuration folders show what they demonstrate.
 */
class ExamplesTest {
  static Stream<String> examples() throws IOException {
    try (Stream<Path> files = Files.list(Cli.examples())) {
      return files.filter(f -> f.toString().endsWith(".json")).map(Path::toString).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void runsOfflineToCompletion(String file) {
    Outcome r = Cli.run("run", file, "--question", "Should we adopt a four-day week?", "--offline", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Cli.json(r.out())).containsEntry("status", "COMPLETED");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void validates(String file) {
    Outcome r = Cli.run("validate", file);

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("valid: ");
  }

  @Test
  void theToolChoiceExampleCallsTheCalculatorBeforeAnswering() {
    Outcome r = Cli.run("run", Cli.examples().resolve("tool-choice.json").toString(), "--question",
        "Should we adopt a four-day week?", "--offline", "--json", "--debug");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("analyst calls tool calculator", "tool calculator returned", "result=20")
        .doesNotContain("strategist calls tool");
    Map<String, Object> analyst = member(Cli.json(r.out()), 0, "analyst");
    assertThat(analyst).containsEntry("status", "OK");
    assertThat((String) analyst.get("content")).startsWith(SimulatedProvider.LABEL);
  }

  @Test
  void theLogprobExampleScoresEachAnswerFromItsTokenLogprobs() {
    Outcome r = Cli.run("run", Cli.examples().resolve("logprob-confidence.json").toString(), "--question",
        "Should we adopt a four-day week?", "--offline", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    Map<String, Object> result = Cli.json(r.out());
    for (String id : List.of("optimist", "skeptic")) {
      Map<String, Object> m = member(result, 0, id);
      double expected = Math.exp(meanLogprob((String) m.get("content")));
      assertThat(((Number) m.get("confidence")).doubleValue()).as(id)
          .isBetween(SimulatedProvider.MIN_TOKEN_PROBABILITY, SimulatedProvider.MAX_TOKEN_PROBABILITY)
          .isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theNamedCouncilsExampleRunsCouncilsAndAProfileFromItsConfigurationFolders() {
    Path dir = Cli.examples().resolve("named-councils");
    Map<String, String> env = Map.of("COUNCIL_COUNCILS_DIR", dir.resolve("councils").toString(),
        "COUNCIL_PROFILES_DIR", dir.resolve("profiles").toString());
    String board = dir.resolve("board.json").toString();

    Outcome r = Cli.run(env, "run", board, "--question", "Should we adopt a four-day week?", "--json");
    Outcome without = Cli.run("run", board, "--question", "Should we adopt a four-day week?");

    assertThat(r.code()).as(r.toString()).isZero();
    Map<String, Object> result = Cli.json(r.out());
    assertThat(result).containsEntry("status", "COMPLETED");
    for (String id : List.of("legal-review", "finance-review")) {
      Map<String, Object> review = member(result, 0, id);
      assertThat(review).as(id).containsEntry("status", "OK");
      assertThat((Map<String, Object>) review.get("metadata")).as(id).containsEntry("subStatus", "COMPLETED");
    }
    assertThat(member(result, 0, "operations")).containsEntry("provider", "simulated");
    assertThat(without.code()).as(without.toString()).isNotZero();
    assertThat(without.err()).contains("sub-council 'legal' is not registered", "council.councils-dir",
        "profile 'offline' is not defined", "council.profiles-dir");
  }

  /** The mean log-probability the simulated provider gives the words of {@code content}. */
  private static double meanLogprob(String content) {
    String[] words = content.strip().split("\\s+");
    double sum = 0;
    for (String w : words) {
      sum += Math.log(SimulatedProvider.tokenProbability(w));
    }
    return sum / words.length;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> member(Map<String, Object> result, int round, String id) {
    List<Map<String, Object>> rounds = (List<Map<String, Object>>) result.get("rounds");
    return ((List<Map<String, Object>>) rounds.get(round).get("members")).stream()
        .filter(m -> id.equals(m.get("memberId"))).findFirst().orElseThrow();
  }
}
