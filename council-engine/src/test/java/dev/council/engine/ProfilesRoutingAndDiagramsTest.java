package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.MemberStatus;
import dev.council.api.Profile;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.event.CouncilEvent;
import dev.council.api.provider.ChatRequest;
import dev.council.engine.diagram.Diagrams;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.engine.topology.Topologies;
import dev.council.testkit.EventCapture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProfilesRoutingAndDiagramsTest {
  private final MockProvider mock = MockProvider.create("mock");
  private final MockProvider other = MockProvider.create("other");
  private final CouncilEngine engine = CouncilEngine.builder()
      .config(TestSupport.config("council.defaults.profile", "base"))
      .provider("mock", mock).provider("other", other)
      .profile(Profile.of("base", MemberOptions.builder().provider("mock").model("base-model").temperature(0.1)
          .maxTokens(100).build()))
      .profile(Profile.of("creative", MemberOptions.builder().temperature(0.9).build()))
      .router("second-round-only-b", (council, round, input, prior) ->
          round.name().equals("second") ? List.of("b") : council.members().stream().map(Member::id).toList())
      .inputMapper("topic-only", (input, prompt) -> Map.of("question", "Topic: " + input.get("topic")))
      .build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void profilesLayerConfigDefaultThenCouncilDefaultThenMemberProfileThenInline() {
    Council c = Council.builder("layers")
        .profile(Profile.of("council-default", MemberOptions.builder().model("council-model").build()))
        .defaultProfile("council-default")
        .member(Member.builder("a").build())
        .member(Member.builder("b").profile("creative").build())
        .member(Member.builder("c").profile("creative").temperature(0.5).provider("other").build())
        .round(Round.of("independent_analysis")).build();

    engine.run(c, QUESTION);

    ChatRequest a = mock.requests("a").get(0);
    assertThat(a.model()).isEqualTo("council-model");
    assertThat(a.temperature()).isEqualTo(0.1);
    assertThat(a.maxTokens()).isEqualTo(100);
    assertThat(mock.requests("b").get(0).temperature()).isEqualTo(0.9);
    ChatRequest cReq = other.requests("c").get(0);
    assertThat(cReq.temperature()).isEqualTo(0.5);
    assertThat(cReq.model()).isEqualTo("council-model");
    assertThat(mock.calls("c")).isZero();
  }

  @Test
  void aPerRoundRouterOverridesTheCouncilForThatRound() {
    Council c = TestSupport.council(2, false).toBuilder()
        .round(Round.builder("independent_analysis").name("second").router("second-round-only-b").build()).build();
    Result r = engine.run(c, QUESTION);
    assertThat(r.round("second").orElseThrow().member("a").orElseThrow().status()).isEqualTo(MemberStatus.SKIPPED);
    assertThat(mock.calls("a")).isEqualTo(1);
    assertThat(mock.calls("b")).isEqualTo(2);
  }

  @Test
  void aSubCouncilInputMapperShapesTheNestedRunsInput() {
    Council inner = Council.builder("inner").member(TestSupport.member("inner-a"))
        .round(Round.of("independent_analysis")).build();
    mock.script("inner-a", MockScript.content("mapped"));
    Council outer = Council.builder("outer")
        .member(Member.builder("panel").subCouncil(inner).inputMapper("topic-only").build())
        .round(Round.of("independent_analysis")).build();
    Result r = engine.run(outer, Map.of("topic", "pricing"));
    assertThat(mock.requests("inner-a").get(0).lastUserMessage()).isEqualTo("Topic: pricing");
    assertThat(r.answer()).isEqualTo("mapped");
  }

  @Test
  void diagramsShowRoundsMembersChairAndNestedRounds() {
    Member x = Member.builder("x").role("Analyst").provider("openai").model("gpt-4o").build();
    Member y = Member.builder("y").role("Critic").provider("anthropic").model("claude").tool("search").build();
    Council c = Topologies.consensus("consensus", List.of(x, y), Member.builder("chair").provider("openai")
        .model("gpt-4o").build(), 3, null);

    String mermaid = Diagrams.mermaid(c);
    assertThat(mermaid).startsWith("flowchart TB\n")
        .contains("subgraph r0[\"1. independent_analysis\"]", "r0_x[\"x<br/>Analyst<br/>openai/gpt-4o\"]",
            "r1_0[\"↻ critique\"]", "consensus (iterate) — up to 3 iterations",
            "r2[\"3. synthesis — chair\"]", "r2_chair[", "input --> r0", "r0 --> r1", "r2 --> answer");
    assertThat(Diagrams.ascii(c)).contains("council consensus", "[1] independent_analysis  (parallel; sees original, self only)",
        "├─ x · Analyst · openai/gpt-4o", "└─ y · Critic · anthropic/claude · tools: search",
        "↻ critique  (parallel; sees previous round, peers)", "[3] synthesis — chair  (sequential",
        "final answer");
  }

  @Test
  void aSequenceDiagramIsDrawnFromARunsEvents() throws Exception {
    EventCapture events = new EventCapture();
    engine.run(TestSupport.council(2, true), QUESTION, RunOptions.builder().listener(events).build());
    List<CouncilEvent> all = TestSupport.awaitAll(events);
    String seq = Diagrams.sequence(all);
    assertThat(seq).startsWith("sequenceDiagram\n")
        .contains("participant a as a", "participant chair as chair", "Note over run: round independent_analysis",
            "run->>a: ask", "a-->>run: OK", "Note over run: round synthesis", "Note over run: completed");
  }
}
