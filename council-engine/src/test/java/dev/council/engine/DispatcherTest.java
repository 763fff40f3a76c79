package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.eventually;
import static dev.council.engine.TestSupport.member;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Budget;
import dev.council.api.ConfidenceStrategy;
import dev.council.api.Council;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.RunStarted;
import dev.council.api.event.ToolCallCompleted;
import dev.council.api.event.ToolCallRequested;
import dev.council.api.event.Topics;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.ToolCall;
import dev.council.api.spi.Subscription;
import dev.council.api.spi.Tool;
import dev.council.api.spi.ToolContext;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.testkit.EventCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  private final MockProvider mock = MockProvider.create("mock");
  private final CountDownLatch bothToolsRunning = new CountDownLatch(2);
  private final Tool weather = tool("weather", args -> {
    bothToolsRunning.countDown();
    await(bothToolsRunning);
    return Map.of("city", args.get("city"), "tempC", 21);
  });
  private final Tool clock = tool("clock", args -> {
    bothToolsRunning.countDown();
    await(bothToolsRunning);
    return "12:00";
  });
  private final Tool broken = tool("broken", args -> {
    throw new IllegalStateException("backend down");
  });
  private final Council subCouncil = Council.builder("inner").member(member("inner-a"))
      .round(Round.of("independent_analysis")).build();
  private final CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock)
      .tool(weather).tool(clock).tool(broken).council("inner", subCouncil).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other tool never ran concurrently");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Tool tool(String name, java.util.function.Function<Map<String, Object>, Object> fn) {
    return new Tool() {
      @Override public String name() { return name; }
      @Override public String description() { return "the " + name + " tool"; }
      @Override public Map<String, Object> parameters() { return Map.of("type", "object"); }
      @Override public Object execute(Map<String, Object> arguments, ToolContext context) { return fn.apply(arguments); }
    };
  }

  private static Council single(Member m) {
    return Council.builder("one").member(m).round(Round.of("independent_analysis")).build();
  }

  private static final Map<String, Object> VOTE_SCHEMA = Map.of("type", "object", "required", List.of("choice"),
      "properties", Map.of("choice", Map.of("type", "string", "enum", List.of("yes", "no"))));

  @Test
  void validStructuredOutputIsParsedIntoTheMemberResult() {
    mock.script("a", MockScript.content("Here you go:\n```json\n{\"choice\": \"yes\"}\n```"));
    Result r = engine.run(single(member("a").toBuilder().outputSchema(VOTE_SCHEMA).build()), QUESTION);
    MemberResult a = r.rounds().get(0).members().get(0);
    assertThat(a.status()).isEqualTo(MemberStatus.OK);
    assertThat(a.parsed()).isEqualTo(Map.of("choice", "yes"));
    assertThat(mock.requests("a").get(0).outputSchema().schema()).isEqualTo(VOTE_SCHEMA);
  }

  @Test
  void invalidStructuredOutputIsReaskedWithTheValidationErrors() {
    mock.script("a", MockScript.sequence(MockScript.content("{\"choice\": \"perhaps\"}"),
        MockScript.content("{\"choice\": \"no\"}")));
    Result r = engine.run(single(member("a").toBuilder().outputSchema(VOTE_SCHEMA).build()), QUESTION);

    MemberResult a = r.rounds().get(0).members().get(0);
    assertThat(a.status()).isEqualTo(MemberStatus.OK);
    assertThat(a.attempts()).isEqualTo(2);
    assertThat(a.parsed()).isEqualTo(Map.of("choice", "no"));
    List<ChatMessage> second = mock.requests("a").get(1).messages();
    assertThat(second.get(second.size() - 2).content()).isEqualTo("{\"choice\": \"perhaps\"}");
    assertThat(second.get(second.size() - 1).content()).contains("did not satisfy the required JSON schema");
  }

  @Test
  void outputThatNeverValidatesEndsInvalidOutputWithTheErrors() {
    mock.script("a", MockScript.content("no json here at all"));
    Result r = engine.run(single(member("a").toBuilder().outputSchemaRef("vote").build()), QUESTION);

    MemberResult a = r.rounds().get(0).members().get(0);
    assertThat(a.status()).isEqualTo(MemberStatus.INVALID_OUTPUT);
    assertThat(a.attempts()).isEqualTo(2);
    assertThat(a.error().kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(a.error().message()).contains("schema 'vote'", "no JSON value");
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void twoParallelToolCallsRunConcurrentlyAndTheirResultsGoBackToTheModel() throws Exception {
    mock.script("a", MockScript.sequence(
        MockScript.toolCalls(List.of(new ToolCall("call_1", "weather", Map.of("city", "Oslo")),
            new ToolCall("call_2", "clock", Map.of()))),
        MockScript.content("It is 21C in Oslo at noon.")));
    EventCapture events = new EventCapture();
    Result r = engine.run(single(member("a").toBuilder().tools(List.of("weather", "clock")).build()), QUESTION,
        RunOptions.builder().listener(events).build());
    TestSupport.awaitAll(events);

    assertThat(r.answer()).isEqualTo("It is 21C in Oslo at noon.");
    ChatRequest second = mock.requests("a").get(1);
    List<ChatMessage> tail = second.messages().subList(second.messages().size() - 3, second.messages().size());
    assertThat(tail.get(0).toolCalls()).extracting(ToolCall::id).containsExactly("call_1", "call_2");
    assertThat(tail.get(1).toolResult().result()).isEqualTo(Map.of("city", "Oslo", "tempC", 21));
    assertThat(tail.get(2).toolResult().result()).isEqualTo("12:00");
    assertThat(mock.requests("a").get(0).tools()).extracting(t -> t.name()).containsExactly("weather", "clock");
    assertThat(events.ofType(ToolCallRequested.class)).hasSize(2);
    assertThat(events.ofType(ToolCallCompleted.class)).extracting(e -> e.result().failed()).containsOnly(false);
  }

  @Test
  void aFailingToolIsReportedToTheModelUnderCollect() {
    mock.script("a", MockScript.sequence(
        MockScript.toolCalls(List.of(new ToolCall("c1", "broken", Map.of()))),
        MockScript.respond(req -> ChatResponse.of("saw: " + req.messages().get(req.messages().size() - 1)
            .toolResult().error(), Usage.ZERO))));
    Result r = engine.run(single(member("a").toBuilder().tools(List.of("broken")).build()), QUESTION);
    assertThat(r.answer()).isEqualTo("saw: backend down");
  }

  @Test
  void aFailingToolFailsTheMemberUnderFailFast() {
    mock.script("a", MockScript.toolCalls(List.of(new ToolCall("c1", "broken", Map.of()))));
    mock.script("b", MockScript.content("b is fine"));
    Council c = Council.builder("tools").member(member("a").toBuilder().tools(List.of("broken"))
            .option("toolStrategy", "fail_fast").build()).member(member("b"))
        .round(Round.of("independent_analysis")).build();
    Result r = engine.run(c, QUESTION);
    MemberResult a = r.rounds().get(0).member("a").orElseThrow();
    assertThat(a.status()).isEqualTo(MemberStatus.ERROR);
    assertThat(a.error().message()).contains("tool 'broken' failed", "backend down", "fail_fast");
    assertThat(mock.calls("a")).isEqualTo(1);
  }

  @Test
  void aModelThatNeverStopsCallingToolsIsCutOffAfterMaxToolTurns() {
    mock.script("a", MockScript.toolCalls(List.of(new ToolCall("c", "clock", Map.of()))));
    bothToolsRunning.countDown();
    bothToolsRunning.countDown();
    Result r = engine.run(single(member("a").toBuilder().tools(List.of("clock")).option("maxToolTurns", 2)
        .retry(dev.council.api.RetryPolicy.NONE).build()), QUESTION);
    MemberResult a = r.rounds().get(0).members().get(0);
    assertThat(a.status()).isEqualTo(MemberStatus.ERROR);
    assertThat(a.error().message()).contains("after 2 tool turns", "maxToolTurns");
    assertThat(mock.calls("a")).isEqualTo(3);
  }

  @Test
  void councilToolsReachEveryMemberAndTheChair() {
    Council c = TestSupport.council(1, true).toBuilder().tool("clock").build();
    mock.script("a", MockScript.content("x"));
    engine.run(c, QUESTION);
    assertThat(mock.requests("a").get(0).tools()).extracting(t -> t.name()).containsExactly("clock");
    assertThat(mock.requests("chair").get(0).tools()).extracting(t -> t.name()).containsExactly("clock");
  }

  @Test
  void selfReportedConfidenceIsParsedAndStripped() {
    mock.script("a", MockScript.content("Yes, do it.\n{\"confidence\": 0.85}"));
    Result r = engine.run(single(member("a").toBuilder().confidence(ConfidenceStrategy.SELF_REPORT).build()), QUESTION);
    MemberResult a = r.rounds().get(0).members().get(0);
    assertThat(a.content()).isEqualTo("Yes, do it.");
    assertThat(a.confidence()).isEqualTo(0.85);
    assertThat(mock.requests("a").get(0).systemPrompt()).contains("{\"confidence\": x}");
  }

  @Test
  void aBudgetStopsTheRunCleanlyWithThePartialResult() {
    mock.script("a", MockScript.content("expensive").usage(Usage.of(800, 400)));
    mock.script("b", MockScript.content("cheap").usage(Usage.of(10, 10)));
    Council c = TestSupport.council(1, true).toBuilder()
        .round(Round.builder("independent_analysis").name("second").build()).build();

    Result r = engine.run(c, QUESTION, RunOptions.builder().budget(Budget.ofTokens(1000)).build());

    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.errors().get(0).message()).contains("budget exceeded", "1200 tokens", "maxTokens 1000");
    assertThat(r.rounds()).hasSize(1);
    assertThat(r.rounds().get(0).members().get(0).content()).isEqualTo("expensive");
    assertThat(mock.calls("chair")).isZero();
  }

  @Test
  void aSubCouncilRunsNestedRelaysItsEventsAndLinksItsResult() throws Exception {
    mock.script("inner-a", MockScript.content("inner answer"));
    Council outer = Council.builder("outer").member(Member.builder("panel").subCouncilRef("inner").build())
        .round(Round.of("independent_analysis")).build();
    EventCapture outerEvents = new EventCapture();
    RunHandle h = engine.start(outer, QUESTION, RunOptions.builder().runId("parent-1").listener(outerEvents).build());
    EventCapture subEvents = new EventCapture();
    Result r;
    try (Subscription s = engine.subscribeTopic(Topics.subRun("parent-1", "panel"), subEvents)) {
      r = h.await(Duration.ofSeconds(10));
    }
    MemberResult panel = r.rounds().get(0).members().get(0);
    assertThat(panel.content()).isEqualTo("inner answer");
    assertThat(panel.metadata()).containsKey("subRunId").containsEntry("subStatus", "COMPLETED");
    assertThat(mock.requests("inner-a").get(0).lastUserMessage()).isEqualTo("Should we adopt four-day weeks?");
    TestSupport.awaitAll(outerEvents);
    assertThat(r.usage()).isEqualTo(((Result) panel.metadata().get("subResult")).usage());
  }

  @Test
  void cancellingAParentCancelsItsSubCouncilRun() throws Exception {
    mock.script("inner-a", MockScript.blockUntilInterrupted());
    Council outer = Council.builder("outer").member(Member.builder("panel").subCouncilRef("inner").build())
        .round(Round.of("independent_analysis")).build();
    RunHandle h = engine.start(outer, QUESTION);
    eventually(() -> mock.calls("inner-a") == 1, "the sub-council member is called");

    h.cancel();
    Result r = h.await(Duration.ofSeconds(10));

    assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(mock.interruptions("inner-a")).isEqualTo(1);
    MemberResult panel = r.rounds().get(0).members().get(0);
    assertThat(panel.status()).isEqualTo(MemberStatus.ERROR);
    Result sub = (Result) panel.metadata().get("subResult");
    assertThat(sub.status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void theRunStartedEventCarriesTheInput() throws Exception {
    EventCapture events = new EventCapture();
    engine.run(TestSupport.council(1, false), QUESTION, RunOptions.builder().listener(events).build());
    List<CouncilEvent> all = TestSupport.awaitAll(events);
    assertThat(((RunStarted) all.get(0)).input()).isEqualTo(QUESTION);
    assertThat(events.ofType(MemberCompleted.class)).hasSize(1);
  }
}
