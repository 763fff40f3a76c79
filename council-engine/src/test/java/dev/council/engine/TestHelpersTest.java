package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Council;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberToken;
import dev.council.testkit.CouncilTesting;
import dev.council.testkit.RunEvents;
import dev.council.testkit.ScriptedCouncil;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The testkit's helpers for application tests (scripted councils, {@link RunEvents}) on the real engine,
 * and what {@code terminate} does to sub-runs, using them.
 */
class TestHelpersTest {
  private static final Council PANEL = Council.builder("panel")
      .member(Member.builder("optimist").systemPrompt("Be upbeat.").provider("openai").model("gpt-4o-mini").build())
      .member(Member.builder("skeptic").systemPrompt("Doubt.").provider("openai").model("gpt-4o").build())
      .member(Member.builder("experts").subCouncil(Council.builder("experts")
          .member(Member.builder("lawyer").systemPrompt("Law.").provider("anthropic").model("claude").build())
          .round(Round.of("independent_analysis")).build()).build())
      .chair(Member.builder("chair").systemPrompt("Sum up.").provider("gemini").model("flash").build())
      .round(Round.of("independent_analysis")).build();

  private static CouncilEngine engine(ScriptedCouncil s, RunEvents events) {
    return CouncilEngine.builder().config(TestSupport.config())
        .provider(ScriptedCouncil.PROVIDER_ID, s.provider()).tracer(events).build();
  }

  @Test
  void answersPerMemberIdReachEveryMemberIncludingSubCouncilsAndTheChair() {
    ScriptedCouncil s = CouncilTesting.scriptCouncil(PANEL, Map.of("optimist", "Yes!", "skeptic", "No.",
        "lawyer", "It is legal.", "chair", "On balance, yes."));
    RunEvents events = new RunEvents();
    try (CouncilEngine engine = engine(s, events)) {
      Result r = engine.run(s.council(), QUESTION);

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      RoundResult first = events.assertRoundCompleted("independent_analysis", r.runId());
      assertThat(first.member("optimist").orElseThrow().content()).isEqualTo("Yes!");
      assertThat(first.member("experts").orElseThrow().content()).isEqualTo("It is legal.");
      assertThat(r.finalAnswer()).contains("On balance, yes.");
      assertThat(events.captureEvents(r.runId()).get(0).type()).isEqualTo("run_started");
      assertThat(s.requests("lawyer")).hasSize(1);
    }
  }

  private static Member model(String id, String provider) {
    return Member.builder(id).systemPrompt("You are " + id + ".").provider(provider).model("a-model").build();
  }

  @Test
  void councilsReferredToByNameAreScriptedTooAtEveryDepth() {
    Council tax = Council.builder("tax").member(model("accountant", "anthropic"))
        .round(Round.of("independent_analysis")).build();
    Council legal = Council.builder("legal").member(model("lawyer", "openai"))
        .member(Member.builder("tax-desk").subCouncilRef("tax").build())
        .chair(model("legal-chair", "gemini")).round(Round.of("independent_analysis")).round(Round.of("synthesis"))
        .build();
    Council board = Council.builder("board").member(model("optimist", "openai"))
        .member(Member.builder("legal-desk").subCouncilRef("legal").build())
        .round(Round.of("independent_analysis")).build();
    ScriptedCouncil s = CouncilTesting.scriptCouncil(board, Map.of("legal", legal, "tax", tax), Map.of(
        "optimist", "Yes!", "lawyer", "Legal.", "accountant", "Deductible.", "legal-chair", "Legal and deductible."));
    CouncilEngine.Builder builder = CouncilEngine.builder().provider(ScriptedCouncil.PROVIDER_ID, s.provider());
    s.namedCouncils().forEach(builder::council);     // each scripted, under its own name
    try (CouncilEngine engine = builder.config(TestSupport.config()).build()) {
      Result r = engine.run(s.council(), QUESTION);

      assertThat(r.status()).as(r.errors().toString()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.rounds().get(0).member("legal-desk").orElseThrow().content()).isEqualTo("Legal and deductible.");
      assertThat(s.requests("accountant")).hasSize(1);
      assertThat(s.namedCouncils().get("tax").members().get(0).options().provider()).isEqualTo(ScriptedCouncil.PROVIDER_ID);
    }
  }

  @Test
  void anAutoCouncilOverTheRegistryChoosesAmongScriptedCouncils() {
    Council desk = Council.builder("desk").round(Round.of("auto", Map.of("catalog", "registry",
        "onNoMatch", "fallback", "fallback", "general"))).build();
    Council billing = Council.builder("billing").member(model("clerk", "openai"))
        .round(Round.of("independent_analysis")).option("match", "(?i)invoice").build();
    Council general = Council.builder("general").member(model("generalist", "anthropic"))
        .round(Round.of("independent_analysis")).option("match", "(?i)weather").build();
    ScriptedCouncil s = CouncilTesting.scriptCouncil(desk, Map.of("billing", billing, "general", general),
        (id, request) -> id + " answers.");
    CouncilEngine.Builder builder = CouncilEngine.builder().config(TestSupport.config())
        .provider(ScriptedCouncil.PROVIDER_ID, s.provider());
    s.namedCouncils().forEach(builder::council);
    try (CouncilEngine engine = builder.build()) {
      Result invoice = engine.run(s.council(), Map.of("question", "Where is my invoice?"));
      Result other = engine.run(s.council(), Map.of("question", "Is the office open?"));

      assertThat(invoice.finalAnswer()).contains("clerk answers.");
      assertThat(other.finalAnswer()).contains("generalist answers.");
      assertThat(s.requests("clerk")).hasSize(1);
    }
  }

  @Test
  void aReferenceToACouncilThatWasNotGivenIsRefusedNamingIt() {
    Council board = Council.builder("board").member(Member.builder("legal-desk").subCouncilRef("legal").build())
        .round(Round.of("independent_analysis")).build();
    Council desk = Council.builder("desk").round(Round.of("auto", Map.of("catalog", "registry",
        "onNoMatch", "fallback", "fallback", "general"))).build();

    assertThatThrownBy(() -> CouncilTesting.scriptCouncil(board, Map.of("desk", desk), "Yes."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("council 'board': member 'legal-desk' runs council 'legal' (subCouncilRef)")
        .hasMessageContaining("named council 'desk': auto round 'auto' falls back to council 'general'")
        .hasMessageContaining("Named councils given: [desk]");
  }

  @Test
  void oneStringOrAFunctionAnswersEveryone() {
    ScriptedCouncil same = CouncilTesting.scriptCouncil(PANEL, "Agreed.");
    ScriptedCouncil byId = CouncilTesting.scriptCouncil(PANEL, id -> "I am " + id + ".");
    RunEvents events = new RunEvents();
    try (CouncilEngine a = engine(same, events); CouncilEngine b = engine(byId, events)) {
      assertThat(a.run(same.council(), QUESTION).rounds().get(0).members())
          .allSatisfy(m -> assertThat(m.content()).isEqualTo("Agreed."));
      assertThat(b.run(byId.council(), QUESTION).rounds().get(0).member("experts").orElseThrow().content())
          .isEqualTo("I am lawyer.");
    }
  }

  @Test
  void scriptedErrorsAndStreamsPerMember() {
    ScriptedCouncil s = CouncilTesting.scriptCouncil(PANEL, "fine")
        .error("skeptic", ErrorKind.PERMANENT, "model refused")
        .stream("optimist", List.of("Ye", "s", "!"));
    Council streaming = s.council().toBuilder().clearMembers()
        .members(s.council().members().stream().map(m -> m.id().equals("optimist") ? m.toBuilder().stream(true)
            .build() : m).toList()).build();
    RunEvents events = new RunEvents();
    try (CouncilEngine engine = engine(s, events)) {
      Result r = engine.run(streaming, QUESTION);

      RoundResult first = events.assertRoundCompleted("independent_analysis", r.runId());
      assertThat(first.member("skeptic").orElseThrow().status()).isEqualTo(MemberStatus.ERROR);
      assertThat(first.member("skeptic").orElseThrow().error().message()).contains("model refused");
      assertThat(first.member("optimist").orElseThrow().content()).isEqualTo("Yes!");
      List<CouncilEvent> all = events.captureEvents(r.runId());
      assertThat(all).filteredOn(MemberToken.class::isInstance).map(e -> ((MemberToken) e).chunk().content())
          .containsExactly("Ye", "s", "!", "");
    }
  }

  @Test
  void aMemberWithoutAScriptFailsSayingSo() {
    ScriptedCouncil s = CouncilTesting.scriptCouncil(PANEL, Map.of("optimist", "Yes!"));
    try (CouncilEngine engine = engine(s, new RunEvents())) {
      Result r = engine.run(s.council(), QUESTION);

      assertThat(r.rounds().get(0).member("skeptic").orElseThrow().error().message())
          .contains("no answer is scripted for member 'skeptic'");
    }
  }

  @Test
  void assertRoundCompletedFailsNamingTheRoundAndWhatCompleted() {
    ScriptedCouncil s = CouncilTesting.scriptCouncil(PANEL, "ok");
    RunEvents events = new RunEvents();
    try (CouncilEngine engine = engine(s, events)) {
      Result r = engine.run(s.council(), QUESTION);

      assertThatThrownBy(() -> events.assertRoundCompleted("vote", r.runId(), Duration.ofMillis(50)))
          .isInstanceOf(AssertionError.class).hasMessageContaining("round 'vote' of run " + r.runId())
          .hasMessageContaining("[independent_analysis, synthesis]");
    }
  }

  @Test
  void scriptedCouncilsInParallelTestsDoNotSeeEachOther() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String mine = "answer-" + i;
        answers.add(pool.submit(() -> {
          ScriptedCouncil s = CouncilTesting.scriptCouncil(PANEL, mine);
          try (CouncilEngine engine = engine(s, new RunEvents())) {
            return engine.run(s.council(), QUESTION).finalAnswer().orElseThrow();
          }
        }));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("answer-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The example of docs/testing.md, on the shipped advisor council. */
  @Test
  void theDocumentedExampleRunsOnTheAdvisorCouncil() {
    Council council = dev.council.engine.json.Councils.fromJson(java.nio.file.Path.of("..", "examples",
        "advisor.json"));
    Map<String, String> advice = Map.of("strategist", "Adopt it in a year.",
        "skeptic", "Not before the audit.", "operator", "Only with on-call training.",
        "chair", "Adopt after the audit, with training.");
    ScriptedCouncil s = CouncilTesting.scriptCouncil(council, (id, request) ->
        request.context().round().equals("anonymized_peer_review")
            ? "{\"ordering\": [\"Response A\", \"Response B\"], \"rationale\": null}"
            : advice.get(id));
    RunEvents events = new RunEvents();
    try (CouncilEngine engine = engine(s, events)) {
      Result r = engine.run(s.council(), Map.of("question", "Should we adopt Kubernetes?"));

      RoundResult first = events.assertRoundCompleted("independent_analysis", r.runId());
      assertThat(first.member("skeptic").orElseThrow().content()).isEqualTo("Not before the audit.");
      assertThat(events.assertRoundCompleted("anonymized_peer_review", r.runId()).aggregate()).isNotNull();
      assertThat(s.requests("chair")).hasSize(1);
      assertThat(r.finalAnswer()).contains("Adopt after the audit, with training.");
    }
  }

  /** Cancel versus terminate: terminate does not cascade to sub-runs (they may finish on their own); cancel does. */
  @Test
  void terminateDoesNotCascadeToSubRunsWhichFinishOnTheirOwn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ScriptedCouncil s = CouncilTesting.scriptCouncil(PANEL, id -> id.equals("lawyer") && !held(release) ? null
        : id + " says yes");
    RunEvents events = new RunEvents();
    try (CouncilEngine engine = engine(s, events)) {
      RunHandle parent = engine.start(s.council(), QUESTION);
      String subRunId = subRunInFlight(engine, s, parent);

      parent.terminate();

      assertThatThrownBy(() -> parent.await(Duration.ofSeconds(5))).isInstanceOf(UnknownRunException.class);
      assertThat(engine.find(subRunId)).isPresent();
      release.countDown();
      List<CouncilEvent> sub = events.captureEvents(subRunId, Duration.ofSeconds(10));
      assertThat(sub.get(sub.size() - 1).type()).isEqualTo("run_completed");
      assertThat(engine.find(subRunId).orElseThrow().await().answer()).isEqualTo("lawyer says yes");
      assertThat(events.events(parent.runId())).extracting(CouncilEvent::type)
          .doesNotContain("run_completed", "run_failed");
    }
  }

  @Test
  void cancelCascadesToSubRuns() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    ScriptedCouncil s = CouncilTesting.scriptCouncil(PANEL, id -> id.equals("lawyer") && !held(never) ? null : "ok");
    try (CouncilEngine engine = engine(s, new RunEvents())) {
      RunHandle parent = engine.start(s.council(), QUESTION);
      String subRunId = subRunInFlight(engine, s, parent);

      parent.cancel();

      assertThat(parent.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(engine.find(subRunId).orElseThrow().await(Duration.ofSeconds(10)).status())
          .isEqualTo(RunStatus.CANCELLED);
    }
  }

  /** Blocks until {@code latch} opens (up to 30 s); false when interrupted first. */
  private static boolean held(CountDownLatch latch) {
    try {
      return latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The id of {@code parent}'s sub-run, once its member {@code lawyer} has been called. */
  private static String subRunInFlight(CouncilEngine engine, ScriptedCouncil s, RunHandle parent)
      throws InterruptedException {
    eventually(() -> s.requests("lawyer").size() == 1, "the sub-run's member is called");
    return engine.activeRuns().stream().map(RunSummary::runId).filter(id -> !id.equals(parent.runId()))
        .findFirst().orElseThrow();
  }
}
