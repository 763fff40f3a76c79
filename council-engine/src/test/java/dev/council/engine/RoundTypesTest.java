package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.member;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoundTypesTest {
  private final MockProvider mock = MockProvider.create("mock");
  private final AtomicInteger criticIteration = new AtomicInteger();
  private CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock)
      .predicate("two_rounds", (prev, curr) -> curr.iteration() >= 1)
      .judge("longest", (q, a, b) -> a.content().length() >= b.content().length() ? a.memberId() : b.memberId())
      .judge("lowest_id", (q, a, b) -> a.memberId().compareTo(b.memberId()) <= 0 ? a.memberId() : b.memberId())
      .build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static ChatResponse json(String json) {
    return ChatResponse.of(json, Usage.of(5, 5));
  }

  private void answers() {
    mock.script("a", MockScript.content("Answer from a: yes."));
    mock.script("b", MockScript.content("Answer from b: no."));
    mock.script("c", MockScript.content("Answer from c: maybe."));
  }

  private static Member withRole(String id, String role) {
    return Member.builder(id).role(role).systemPrompt("You are the " + role + ".").provider("mock")
        .model("model-" + id).build();
  }

  private Council twoRoundCouncil(Round second) {
    return Council.builder("c").member(withRole("a", "Optimist")).member(withRole("b", "Skeptic"))
        .member(withRole("c", "Economist")).round(Round.of("independent_analysis")).round(second).build();
  }

  @Test
  void independentAnalysisGivesEveryMemberJustTheQuestion() {
    answers();
    engine.run(TestSupport.council(3, false), QUESTION);
    for (String id : List.of("a", "b", "c")) {
      ChatRequest req = mock.requests(id).get(0);
      assertThat(req.lastUserMessage()).isEqualTo("Should we adopt four-day weeks?");
      assertThat(req.systemPrompt()).isEqualTo("You are analyst " + id + ".");
    }
  }

  @Test
  void peerReviewShowsOwnPreviousAnswerAndPeersByIdAndRole() {
    answers();
    engine.run(twoRoundCouncil(Round.of("peer_review")), QUESTION);

    String promptA = mock.requests("a").get(1).lastUserMessage();
    assertThat(promptA).contains("Your previous answer:\nAnswer from a: yes.")
        .contains("### b (Skeptic)\nAnswer from b: no.", "### c (Economist)\nAnswer from c: maybe.")
        .doesNotContain("### a");
  }

  @Test
  void anonymizedPeerReviewHidesIdentitiesExcludesSelfCounterbalancesAndAggregates() {
    List<String> ids = List.of("alpha-id", "beta-id", "gamma-id", "delta-id");
    List<String> roles = List.of("Optimist", "Skeptic", "Economist", "Historian");
    Council.Builder b = Council.builder("anon").option("seed", 7);
    for (int i = 0; i < ids.size(); i++) {
      b.member(Member.builder(ids.get(i)).role(roles.get(i)).systemPrompt("You are the " + roles.get(i) + ".")
          .provider("mock").model("model-" + ids.get(i)).build());
      mock.script(ids.get(i), MockScript.sequence(MockScript.content("Opinion number " + (i + 1) + "."),
          MockScript.respond(req -> json("{\"ordering\": " + toJson(labelsIn(req.lastUserMessage())) + "}"))));
    }
    Council c = b.round(Round.of("independent_analysis")).round(Round.of("anonymized_peer_review")).build();

    Result r = engine.run(c, QUESTION);

    RoundResult review = r.rounds().get(1);
    assertThat(review.metadata().get("labelToMember")).isEqualTo(Map.of("Response A", "alpha-id",
        "Response B", "beta-id", "Response C", "gamma-id", "Response D", "delta-id"));
    List<List<String>> orders = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      ChatRequest req = mock.requests(ids.get(i)).get(1);
      String prompt = req.lastUserMessage();
      for (int j = 0; j < ids.size(); j++) {
        assertThat(prompt).doesNotContain(ids.get(j), roles.get(j), "model-" + ids.get(j), "mock");
        if (j != i) {
          assertThat(req.systemPrompt()).doesNotContain(roles.get(j));
        }
      }
      String own = "Response " + (char) ('A' + i);
      List<String> shown = labelsIn(prompt);
      assertThat(shown).hasSize(3).doesNotContain(own);
      assertThat(prompt).doesNotContain("Opinion number " + (i + 1) + ".");
      assertThat(enumOf(req.outputSchema().schema())).containsExactlyInAnyOrderElementsOf(shown);
      orders.add(shown);
    }
    Set<String> firstPositions = new HashSet<>();
    orders.forEach(o -> firstPositions.add(o.get(0)));
    assertThat(firstPositions).as("each reviewer sees a different answer first").hasSizeGreaterThan(2);
    assertThat(review.aggregate().aggregator()).isEqualTo("peer_ranking");
    assertThat(review.aggregate().details()).containsKey("labelToMember");

    mock.reset();
    for (int i = 0; i < ids.size(); i++) {
      mock.script(ids.get(i), MockScript.sequence(MockScript.content("Opinion number " + (i + 1) + "."),
          MockScript.respond(req -> json("{\"ordering\": " + toJson(labelsIn(req.lastUserMessage())) + "}"))));
    }
    engine.run(c, QUESTION);
    for (int i = 0; i < ids.size(); i++) {
      assertThat(labelsIn(mock.requests(ids.get(i)).get(1).lastUserMessage())).as("same seed, same order")
          .isEqualTo(orders.get(i));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> enumOf(Map<String, Object> schema) {
    Map<String, Object> props = (Map<String, Object>) schema.get("properties");
    Map<String, Object> ordering = (Map<String, Object>) props.get("ordering");
    return (List<String>) ((Map<String, Object>) ordering.get("items")).get("enum");
  }

  static List<String> labelsIn(String prompt) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(Response [A-Z]+):$", java.util.regex.Pattern.MULTILINE)
        .matcher(prompt);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static String toJson(List<String> labels) {
    return labels.isEmpty() ? "[]" : "[\"" + String.join("\", \"", labels) + "\"]";
  }

  @Test
  void critiqueShowsPeersTextOnlyAndIterateStopsWhenAnswersConverge() {
    for (String id : List.of("a", "b", "c")) {
      mock.script(id, MockScript.sequence(MockScript.content(id + " v1"), MockScript.content(id + " v2"),
          MockScript.content(id + " v2"), MockScript.content(id + " v3")));
    }
    Round iterate = Round.builder("iterate").option("maxIterations", 5).inner(Round.of("critique")).build();
    Result r = engine.run(twoRoundCouncil(iterate), QUESTION);

    RoundResult last = r.rounds().get(r.rounds().size() - 1);
    assertThat(last.type()).isEqualTo("iterate");
    assertThat(last.metadata()).containsEntry("stopReason", "converged").containsEntry("iterations", 2);
    assertThat(r.rounds()).extracting(RoundResult::type)
        .containsExactly("independent_analysis", "critique", "critique", "iterate");
    String prompt = mock.requests("a").get(1).lastUserMessage();
    assertThat(prompt).contains("Your current answer:\na v1", "b v1", "c v1")
        .doesNotContain("Skeptic", "Economist", "### b");
  }

  @Test
  void iterateStopsOnItsUntilPredicateAndOnMaxIterations() {
    answers();
    Round until = Round.builder("iterate").option("until", "two_rounds").option("maxIterations", 5)
        .inner(Round.of("debate")).build();
    Result r = engine.run(twoRoundCouncil(until), QUESTION);
    assertThat(r.round("iterate").orElseThrow().metadata()).containsEntry("stopReason", "until")
        .containsEntry("iterations", 2);

    mock.reset();
    mock.fallback(MockScript.respond(req -> ChatResponse.of("changing " + req.messages().hashCode(), Usage.ZERO)));
    Round capped = Round.builder("iterate").option("maxIterations", 3).inner(Round.of("critique")).build();
    Result r2 = engine.run(twoRoundCouncil(capped), QUESTION);
    assertThat(r2.round("iterate").orElseThrow().metadata()).containsEntry("stopReason", "max_iterations")
        .containsEntry("iterations", 3);
  }

  @Test
  void debateShowsEveryAnswerIncludingTheMembersOwn() {
    answers();
    engine.run(twoRoundCouncil(Round.of("debate")), QUESTION);
    assertThat(mock.requests("b").get(1).lastUserMessage())
        .contains("### a (Optimist)\nAnswer from a: yes.", "### b (Skeptic) — your answer\nAnswer from b: no.",
            "### c (Economist)\nAnswer from c: maybe.");
  }

  @Test
  void voteOnAnswersExcludesSelfVotesAndAggregatesByPlurality() {
    for (String id : List.of("a", "b", "c")) {
      String pick = id.equals("c") ? "a" : "c";
      mock.script(id, MockScript.sequence(MockScript.content("answer " + id),
          MockScript.content("{\"choice\": \"" + pick + "\", \"rationale\": \"best\", \"confidence\": 0.8}")));
    }
    Result r = engine.run(twoRoundCouncil(Round.of("vote")), QUESTION);

    RoundResult vote = r.rounds().get(1);
    assertThat(vote.aggregate().aggregator()).isEqualTo("plurality");
    assertThat(vote.aggregate().winner()).isEqualTo("c");
    assertThat(vote.member("a").orElseThrow().confidence()).isEqualTo(0.8);
    assertThat(mock.requests("a").get(1).outputSchema().schema().toString()).contains("enum=[b, c]");
    assertThat(r.answer()).isEqualTo("answer c");
  }

  @Test
  void rankingOnFixedChoicesAggregatesByBorda() {
    mock.script("a", MockScript.sequence(MockScript.content("x"), MockScript.content("{\"ordering\": [\"rust\", \"go\", \"java\"]}")));
    mock.script("b", MockScript.sequence(MockScript.content("x"), MockScript.content("{\"ordering\": [\"java\", \"rust\", \"go\"]}")));
    mock.script("c", MockScript.sequence(MockScript.content("x"), MockScript.content("{\"ordering\": [\"rust\", \"java\", \"go\"]}")));
    Round ranking = Round.builder("ranking").option("choices", List.of("java", "go", "rust")).build();
    Result r = engine.run(twoRoundCouncil(ranking), QUESTION);

    RoundResult rr = r.rounds().get(1);
    assertThat(rr.aggregate().winner()).isEqualTo("rust");
    assertThat(rr.aggregate().scores()).containsEntry("rust", 5.0).containsEntry("java", 3.0).containsEntry("go", 1.0);
  }

  @Test
  void weightedSynthesisWeighsByStaticWeightThenConfidenceThenEvenly() {
    mock.script("a", MockScript.content("a says"));
    mock.script("b", MockScript.content("b says"));
    mock.script("chair", MockScript.content("weighted final"));
    Council c = Council.builder("w")
        .member(member("a").toBuilder().weight(3.0).build())
        .member(member("b").toBuilder().confidence(dev.council.api.ConfidenceStrategy.SELF_REPORT).build())
        .round(Round.of("independent_analysis")).round(Round.of("weighted_synthesis")).chair(member("chair")).build();
    mock.script("b", MockScript.content("b says\n{\"confidence\": 1.0}"));

    Result r = engine.run(c, QUESTION);

    assertThat(r.answer()).isEqualTo("weighted final");
    @SuppressWarnings("unchecked")
    Map<String, Double> weights = (Map<String, Double>) r.rounds().get(1).metadata().get("weights");
    assertThat(weights).containsEntry("a", 0.75).containsEntry("b", 0.25);
    assertThat(r.rounds().get(0).member("b").orElseThrow().content()).isEqualTo("b says");
    assertThat(mock.requests("chair").get(0).lastUserMessage()).contains("weight 0.750", "weight 0.250, confidence 1.00");
  }

  @Test
  void aThousandTwentyFourMemberTournamentEndsWithOneWinner() {
    Council.Builder b = Council.builder("tournament");
    for (int i = 0; i < 1024; i++) {
      b.member(Member.builder(String.format("m%04d", i)).provider("mock").model("m").build());
    }
    mock.fallback(MockScript.respond(req -> ChatResponse.of("answer of " + req.context().memberId(), Usage.of(1, 1))));
    Council c = b.round(Round.of("independent_analysis"))
        .round(Round.builder("iterate").option("maxIterations", 16)
            .inner(Round.builder("pairwise_elimination").option("judge", "lowest_id").build()).build())
        .build();

    Result r = engine.run(c, QUESTION);

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    RoundResult last = r.round("iterate").orElseThrow();
    assertThat(last.metadata()).containsEntry("iterations", 10).containsEntry("stopReason", "converged")
        .containsEntry("remaining", List.of("m0000"));
    assertThat(r.answer()).isEqualTo("answer of m0000");
    RoundResult firstBracket = r.rounds().get(1);
    assertThat(firstBracket.members()).filteredOn(m -> m.status() == MemberStatus.ELIMINATED).hasSize(512)
        .allSatisfy(m -> assertThat(m.metadata()).containsEntry("reason", "tournament_loss"));
  }

  @Test
  void pairwiseEliminationWithTheChairAsJudgeGivesByesAndCarriesWinners() {
    answers();
    mock.script("chair", MockScript.respond(req -> json("{\"choice\": \""
        + (req.lastUserMessage().indexOf("Answer from a") > req.lastUserMessage().indexOf("Response B") ? "B" : "A")
        + "\"}")));
    Council c = twoRoundCouncil(Round.of("pairwise_elimination")).toBuilder().chair(member("chair"))
        .clearRounds().round(Round.of("independent_analysis")).round(Round.of("pairwise_elimination")).build();

    Result r = engine.run(c, QUESTION.entrySet().stream().collect(java.util.stream.Collectors.toMap(
        Map.Entry::getKey, Map.Entry::getValue)));

    RoundResult bracket = r.rounds().get(1);
    assertThat(bracket.metadata()).containsEntry("remaining", List.of("a", "c")).containsEntry("eliminated", List.of("b"));
    assertThat(bracket.member("a").orElseThrow().content()).isEqualTo("Answer from a: yes.");
    assertThat(bracket.member("c").orElseThrow().metadata()).containsEntry("bye", true);
    assertThat(bracket.member("b").orElseThrow().status()).isEqualTo(MemberStatus.ELIMINATED);
    assertThat(r.metadata()).as("three answers, one judged pair, the synthesis").containsEntry("memberCalls", 5)
        .containsEntry("failedMemberCalls", 0);
    String judgePrompt = mock.requests("chair").get(0).lastUserMessage();
    assertThat(judgePrompt).contains("Response A:", "Response B:").doesNotContain("Optimist", "Skeptic");
  }

  @Test
  void aFailedChairFallsBackToTheConfiguredMemberAndRecordsIt() {
    answers();
    mock.script("chair", MockScript.error(dev.council.api.ErrorKind.PERMANENT, "chair model gone"));
    mock.script("b", MockScript.sequence(MockScript.content("Answer from b: no."), MockScript.content("fallback synthesis")));
    Council c = Council.builder("fb").member(member("a")).member(member("b"))
        .round(Round.of("independent_analysis"))
        .round(Round.builder("synthesis").option("fallback", "b").build())
        .chair(member("chair")).build();

    Result r = engine.run(c, QUESTION);

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.answer()).isEqualTo("fallback synthesis");
    assertThat(r.rounds().get(1).metadata()).containsEntry("fallbackUsed", true).containsEntry("fallbackMember", "b");
    assertThat(r.rounds().get(1).member("chair").orElseThrow().status()).isEqualTo(MemberStatus.ERROR);
  }

  @Test
  void aRouterSkipsExcludedMembersWithAReason() {
    engine.close();
    engine = CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock)
        .router("only-a-and-c", (council, round, input, prior) -> List.of("a", "c")).build();
    answers();
    Council c = TestSupport.council(3, false).toBuilder().router("only-a-and-c").build();

    Result r = engine.run(c, QUESTION);

    MemberResult b = r.rounds().get(0).member("b").orElseThrow();
    assertThat(b.status()).isEqualTo(MemberStatus.SKIPPED);
    assertThat(b.metadata()).containsEntry("reason", "router_excluded");
    assertThat(mock.calls("b")).isZero();
    assertThat(r.rounds().get(0).members()).extracting(MemberResult::memberId).containsExactly("a", "b", "c");
  }
}
