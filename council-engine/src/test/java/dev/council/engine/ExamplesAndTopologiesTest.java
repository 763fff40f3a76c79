package dev.council.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.engine.json.Councils;
import dev.council.engine.topology.Topologies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExamplesAndTopologiesTest {
  private static final CouncilEngine ENGINE = CouncilEngine.builder().config(TestSupport.config()).build();

  @AfterAll
  static void close() {
    ENGINE.close();
  }

  static Stream<Path> offlineExamples() throws IOException {
    Path dir = Path.of("..", "examples");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      return all.stream().filter(p -> {
        try {
          return Files.readString(p).contains("\"simulated\"");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
  }

  @ParameterizedTest
  @MethodSource("offlineExamples")
  void everyOfflineExampleRoundTripsValidatesAndRunsToAnAnswer(Path file) {
    Council c = Councils.fromJson(file);
    assertThat(Councils.fromJson(Councils.toJson(c))).isEqualTo(c);
    assertThat(Councils.toJson(Councils.fromJson(Councils.toJson(c)))).isEqualTo(Councils.toJson(c));
    assertThat(ENGINE.validate(c)).isEmpty();

    Result r = ENGINE.run(c, Map.of("question", "Should a ten-person startup adopt Kubernetes?"));

    assertThat(r.status()).as(file + ": " + r.errors()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.answer()).isNotBlank().startsWith("[simulated]");
    assertThat(r.usage().totalTokens()).isPositive();
  }

  private static Member m(String id) {
    return Member.builder(id).role(id).provider("simulated").model("sim").build();
  }

  @Test
  void everyPrebuiltTopologyValidatesRunsAndRoundTripsAsJson() {
    List<Member> members = List.of(m("x"), m("y"), m("z"));
    List<Council> topologies = List.of(
        Topologies.voting("voting", members, m("chair"), "borda"),
        Topologies.specialist("specialist", members, m("chair")),
        Topologies.tournament("tournament", members, m("chair"), "chair"),
        Topologies.consensus("consensus", members, m("chair"), 3, null),
        Topologies.weightedConsensus("weighted", members, m("chair")),
        Topologies.llmCouncil("llm-council", members, m("chair")),
        Topologies.mixtureOfAgents("moa", members, m("chair"), 2));
    for (Council c : topologies) {
      assertThat(ENGINE.validate(c)).as(c.id()).isEmpty();
      assertThat(Councils.fromJson(Councils.toJson(c))).as(c.id()).isEqualTo(c);
      Result r = ENGINE.run(c, Map.of("question", "Which language for a new CLI?"));
      assertThat(r.status()).as(c.id() + ": " + r.errors()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.answer()).as(c.id()).isNotBlank();
    }
  }

  @Test
  void aTournamentTopologyLeavesOneAnswerStanding() {
    Council c = Topologies.tournament("t", List.of(m("p1"), m("p2"), m("p3"), m("p4"), m("p5")), m("chair"), "chair");
    Result r = ENGINE.run(c, Map.of("question", "Best sorting algorithm for nearly sorted data?"));
    var bracket = r.round("tournament").orElseThrow();
    assertThat((List<?>) bracket.metadata().get("remaining")).hasSize(1);
    assertThat(bracket.members().stream().filter(MemberResult::ok)).hasSize(1);
  }
}
