package dev.council.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.council.api.ErrorKind;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.OutputSchema;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.StreamChunk;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolCallResult;
import dev.council.api.provider.ToolChoice;
import dev.council.api.provider.ToolDefinition;
import dev.council.engine.tools.CalculatorTool;
import dev.council.engine.json.JsonOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class SimulatedProviderTest {
  private static final String QUESTION = "Should our team migrate the billing service to Kotlin this quarter?";
  private static final String PEERS = """
      Question: %s

      Response A: Migrating now is risky; billing correctness matters more than syntax.
      Response B: Yes, Kotlin's null safety reduces billing defects.
      Response C: Migrate incrementally, starting with the invoice module.
      """.formatted(QUESTION);

  private static final Map<String, Object> VOTE_SCHEMA = Map.of(
      "type", "object",
      "properties", Map.of(
          "choice", Map.of("type", "string"),
          "rationale", Map.of("type", "string"),
          "confidence", Map.of("type", "number", "minimum", 0, "maximum", 1)),
      "required", List.of("choice", "rationale", "confidence"),
      "additionalProperties", false);
  private static final Map<String, Object> RANKING_SCHEMA = Map.of(
      "type", "object",
      "properties", Map.of(
          "ordering", Map.of("type", "array", "items", Map.of("type", "string"), "minItems", 1),
          "rationale", Map.of("type", "string")),
      "required", List.of("ordering", "rationale"),
      "additionalProperties", false);

  private final SimulatedProvider provider = SimulatedProvider.create("sim");

  private static ChatRequest request(String memberId, @Nullable String system, String user,
      @Nullable OutputSchema schema, boolean stream) {
    List<ChatMessage> messages = system == null ? List.of(ChatMessage.user(user))
        : List.of(ChatMessage.system(system), ChatMessage.user(user));
    return new ChatRequest("sim-model", messages, null, null, stream, List.of(), schema, Map.of(),
        new CallContext("run-1", "round", 0, 0, memberId, 1));
  }

  private String answer(String memberId, @Nullable String system, String user) {
    return provider.chat(request(memberId, system, user, null, false), StreamSink.IGNORE).content();
  }

  private static List<String> schemaErrors(Map<String, Object> schema, String json) {
    Schema s = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(JsonOutput.write(schema), InputFormat.JSON);
    return s.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
  }

  @Test
  void sameRequestGetsTheSameAnswer() {
    String first = answer("alice", "You are the Skeptic.", QUESTION);
    String again = SimulatedProvider.create("other-instance")
        .chat(request("alice", "You are the Skeptic.", QUESTION, null, false), StreamSink.IGNORE).content();

    assertThat(again).isEqualTo(first);
  }

  @Test
  void answerDoesNotDependOnRunOrAttempt() {
    ChatRequest a = request("alice", "You are the Skeptic.", QUESTION, null, false);
    ChatRequest b = a.withContext(new CallContext("run-2", "other", 3, 1, "alice", 2));

    assertThat(provider.chat(b, StreamSink.IGNORE).content()).isEqualTo(provider.chat(a, StreamSink.IGNORE).content());
  }

  @Test
  void differentMembersGetDifferentAnswers() {
    List<String> answers = new ArrayList<>();
    for (String member : List.of("alice", "bob", "carol", "dave", "erin")) {
      answers.add(answer(member, "You are an analyst.", QUESTION));
    }

    assertThat(new HashSet<>(answers)).hasSizeGreaterThan(1);
  }

  @Test
  void everyProseAnswerIsLabelledSimulated() {
    assertThat(answer("alice", null, QUESTION)).startsWith("[simulated] ");
    assertThat(answer("alice", "You are the chair.", "Synthesize the answers.")).startsWith("[simulated] ");
  }

  @Test
  void analystAnswersTheQuestionInItsRole() {
    String text = answer("alice", "You are the Skeptic. Challenge every assumption.", QUESTION);

    assertThat(text).contains("the Skeptic").contains(QUESTION).containsAnyOf("billing", "migrate", "team");
    assertThat(text).doesNotContain("Response A").doesNotContainIgnoringCase("synthesis");
  }

  @Test
  void reviewerDiscussesThePeerAnswersListedInThePrompt() {
    String text = answer("bob", "You are a careful reviewer.", "Review these answers to the question.\n" + PEERS);

    assertThat(text).contains("a careful reviewer").containsAnyOf("Response A", "Response B", "Response C");
    assertThat(text).doesNotContain("Final answer:");
  }

  @Test
  void chairSynthesizesTheCouncilsAnswers() {
    String text = answer("chair", "You are the chair of the council.",
        "Synthesize a final answer from the members' answers.\n" + PEERS);

    assertThat(text).containsIgnoringCase("synthesis").contains("Final answer:").contains("the chair");
  }

  @Test
  void roleFallsBackToMemberIdWithoutSystemPrompt() {
    assertThat(answer("dora", null, QUESTION)).contains("member dora");
  }

  @Test
  void voteAnswerIsJsonValidAgainstTheVoteSchemaAndPicksALabelledOption() {
    ChatRequest vote = request("alice", "You are a judge.", "Vote for the best answer.\n" + PEERS,
        new OutputSchema("vote", VOTE_SCHEMA), false);

    String json = provider.chat(vote, StreamSink.IGNORE).content();

    assertThat(schemaErrors(VOTE_SCHEMA, json)).isEmpty();
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = (Map<String, Object>) JsonOutput.parse(json);
    assertThat(parsed.get("choice")).isIn("Response A", "Response B", "Response C");
    assertThat((String) parsed.get("rationale")).startsWith("[simulated] ").contains((String) parsed.get("choice"));
    assertThat(((Number) parsed.get("confidence")).doubleValue()).isBetween(0.0, 1.0);
  }

  @Test
  void voteChoiceUsesTheSchemaEnumWhenThereIsOne() {
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of(
        "choice", Map.of("type", "string", "enum", List.of("alice", "bob")),
        "rationale", Map.of("type", "string")), "required", List.of("choice", "rationale"));

    String json = provider.chat(request("carol", null, "Pick one.", new OutputSchema("vote", schema), false),
        StreamSink.IGNORE).content();

    assertThat(schemaErrors(schema, json)).isEmpty();
    assertThat(((Map<String, Object>) JsonOutput.parse(json)).get("choice")).isIn("alice", "bob");
  }

  @Test
  void voteChoiceReadsAnOptionsLine() {
    String json = provider.chat(request("carol", null, "Vote.\nOptions: alice, bob, carol",
        new OutputSchema("vote", VOTE_SCHEMA), false), StreamSink.IGNORE).content();

    assertThat(((Map<String, Object>) JsonOutput.parse(json)).get("choice")).isIn("alice", "bob", "carol");
  }

  @Test
  void rankingAnswerOrdersEveryOptionAndIsValidAgainstTheRankingSchema() {
    ChatRequest rank = request("bob", "You are a judge.", "Rank the answers from best to worst.\n" + PEERS,
        new OutputSchema("ranking", RANKING_SCHEMA), false);

    String json = provider.chat(rank, StreamSink.IGNORE).content();

    assertThat(schemaErrors(RANKING_SCHEMA, json)).isEmpty();
    Map<String, Object> parsed = (Map<String, Object>) JsonOutput.parse(json);
    assertThat((List<Object>) parsed.get("ordering")).containsExactlyInAnyOrder("Response A", "Response B", "Response C");
  }

  @Test
  void structuredAnswerRespectsNumericBoundsIntegersBooleansAndNestedObjects() {
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of(
        "score", Map.of("type", "integer", "minimum", 1, "maximum", 5),
        "agree", Map.of("type", "boolean"),
        "probability", Map.of("type", "number"),
        "details", Map.of("type", "object", "properties", Map.of("summary", Map.of("type", "string"))),
        "tags", Map.of("type", "array", "items", Map.of("type", "string"), "minItems", 2, "maxItems", 3),
        "kind", Map.of("const", "assessment")),
        "required", List.of("score", "agree", "probability", "details", "tags", "kind"),
        "additionalProperties", false);

    String json = provider.chat(request("alice", null, QUESTION, new OutputSchema("assessment", schema), false),
        StreamSink.IGNORE).content();

    assertThat(schemaErrors(schema, json)).isEmpty();
    assertThat(((Number) ((Map<String, Object>) JsonOutput.parse(json)).get("probability")).doubleValue()).isBetween(0.0, 1.0);
  }

  @Test
  void structuredAnswersAreDeterministicToo() {
    ChatRequest vote = request("alice", null, "Vote.\n" + PEERS, new OutputSchema("vote", VOTE_SCHEMA), false);

    assertThat(provider.chat(vote, StreamSink.IGNORE).content()).isEqualTo(provider.chat(vote, StreamSink.IGNORE).content());
  }

  @Test
  void selfReportedConfidenceTailIsAppendedWhenThePromptAsksForIt() {
    String text = answer("alice", "You are an analyst. End your answer with {\"confidence\": x} where x is in [0,1].",
        QUESTION);

    String tail = text.substring(text.lastIndexOf('\n') + 1);
    Map<String, Object> parsed = (Map<String, Object>) JsonOutput.parse(tail);
    assertThat(((Number) parsed.get("confidence")).doubleValue()).isBetween(0.0, 1.0);
    assertThat(answer("alice", "You are an analyst.", QUESTION)).doesNotContain("\"confidence\"");
  }

  @Test
  void streamsWordChunksThatConcatenateToTheAnswer() {
    List<StreamChunk> chunks = new ArrayList<>();

    ChatResponse response = provider.chat(request("alice", null, QUESTION, null, true), chunks::add);

    assertThat(chunks.size()).isGreaterThan(5);
    assertThat(String.join("", chunks.stream().map(StreamChunk::content).toList())).isEqualTo(response.content());
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(chunks.get(i).index()).isEqualTo(i);
      assertThat(chunks.get(i).finishReason()).isEqualTo(i == chunks.size() - 1 ? "stop" : null);
    }
  }

  @Test
  void usageIsAboutFourTokensPerThreeWords() {
    ChatResponse response = provider.chat(request("alice", null, "one two three four five six", null, false),
        StreamSink.IGNORE);

    long outputWords = response.content().strip().split("\\s+").length;
    assertThat(response.usage().inputTokens()).isEqualTo(8);
    assertThat(response.usage().outputTokens()).isEqualTo((outputWords * 4 + 2) / 3);
    assertThat(response.metadata()).containsEntry("simulated", true);
    assertThat(response.model()).isEqualTo("sim-model");
  }

  @Test
  void interruptDuringLatencyCancelsTheCall() throws Exception {
    SimulatedProvider slow = SimulatedProvider.create("slow", Duration.ofMinutes(10), Duration.ZERO);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        slow.chat(request("alice", null, QUESTION, null, false), StreamSink.IGNORE);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    while (caller.getState() != Thread.State.TIMED_WAITING && caller.isAlive()) {
      Thread.sleep(2);
    }

    caller.interrupt();

    assertThat(caller.join(Duration.ofSeconds(10))).isTrue();
    assertThat(thrown.get()).isInstanceOf(ProviderException.class);
    assertThat(((ProviderException) thrown.get()).kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(thrown.get().getMessage()).contains("simulated provider 'slow'").contains("alice");
  }

  private static final ToolDefinition CALCULATOR = new ToolDefinition(CalculatorTool.NAME, "calc",
      new CalculatorTool().parameters());
  private static final ToolDefinition LOOKUP = new ToolDefinition("lookup", "finds a customer", Map.of(
      "type", "object", "properties", Map.of("customer", Map.of("type", "string", "default", "ACME"),
          "limit", Map.of("type", "integer", "minimum", 1, "maximum", 5)), "required", List.of("customer", "limit")));

  private static ChatRequest withTools(ToolChoice choice) {
    return request("alice", "You are the Analyst.", QUESTION, null, false).withTools(List.of(LOOKUP, CALCULATOR))
        .withToolChoice(choice);
  }

  @Test
  void aForcedToolChoiceIsAnsweredWithOneCallOfThatToolUsingTheSchemasExample() {
    ChatResponse named = provider.chat(withTools(ToolChoice.tool(CalculatorTool.NAME)), StreamSink.IGNORE);

    assertThat(named.finishReason()).isEqualTo("tool_calls");
    assertThat(named.content()).isEmpty();
    assertThat(named.toolCalls()).containsExactly(new ToolCall(SimulatedProvider.TOOL_CALL_ID, CalculatorTool.NAME,
        Map.of("expression", CalculatorTool.EXAMPLE)));
  }

  @Test
  void aRequiredToolChoiceCallsTheFirstToolWithArgumentsSatisfyingItsSchema() {
    ChatResponse required = provider.chat(withTools(ToolChoice.REQUIRED), StreamSink.IGNORE);

    ToolCall call = required.toolCalls().getFirst();
    assertThat(call.name()).isEqualTo("lookup");
    assertThat(call.arguments()).containsEntry("customer", "ACME");
    assertThat(schemaErrors(LOOKUP.parameters(), JsonOutput.write(call.arguments()))).isEmpty();
    assertThat(provider.chat(withTools(ToolChoice.REQUIRED), StreamSink.IGNORE)).isEqualTo(required);
  }

  @Test
  void noToolIsCalledWithoutAForcingChoiceOrOnceAToolHasAnswered() {
    ChatRequest forced = withTools(ToolChoice.REQUIRED);
    List<ChatMessage> afterTool = new ArrayList<>(forced.messages());
    afterTool.add(ChatMessage.assistant("", List.of(new ToolCall(SimulatedProvider.TOOL_CALL_ID, "lookup",
        Map.of()))));
    afterTool.add(ChatMessage.tool(new ToolCallResult(SimulatedProvider.TOOL_CALL_ID, "lookup", "found", null)));

    for (ChatRequest r : List.of(withTools(ToolChoice.AUTO), withTools(ToolChoice.NONE),
        forced.withToolChoice(null), forced.withMessages(afterTool))) {
      ChatResponse response = provider.chat(r, StreamSink.IGNORE);
      assertThat(response.toolCalls()).as(String.valueOf(r.toolChoice())).isEmpty();
      assertThat(response.content()).startsWith(SimulatedProvider.LABEL);
    }
  }

  @Test
  void logprobsAreReportedPerWordOnlyWhenAskedFor() {
    ChatRequest plain = request("alice", "You are the Skeptic.", QUESTION, null, false);

    ChatResponse without = provider.chat(plain, StreamSink.IGNORE);
    ChatResponse with = provider.chat(plain.withLogprobs(true), StreamSink.IGNORE);

    assertThat(without.metadata()).doesNotContainKeys(ChatResponse.LOGPROB_SUM, ChatResponse.LOGPROB_TOKENS);
    String[] words = with.content().strip().split("\\s+");
    double sum = 0;
    for (String w : words) {
      sum += Math.log(SimulatedProvider.tokenProbability(w));
    }
    assertThat(with.content()).isEqualTo(without.content());
    assertThat(((Number) with.metadata().get(ChatResponse.LOGPROB_TOKENS)).intValue()).isEqualTo(words.length);
    assertThat(((Number) with.metadata().get(ChatResponse.LOGPROB_SUM)).doubleValue())
        .isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-9)).isNegative();
  }

  @Test
  void tokenProbabilitiesStayInTheirRangeAndDependOnTheWordOnly() {
    HashSet<Double> seen = new HashSet<>();
    for (String w : List.of("billing", "Kotlin", "risk", "the", "[simulated]", "quarter.", "a")) {
      double p = SimulatedProvider.tokenProbability(w);
      assertThat(p).isBetween(SimulatedProvider.MIN_TOKEN_PROBABILITY, SimulatedProvider.MAX_TOKEN_PROBABILITY);
      assertThat(SimulatedProvider.tokenProbability(" " + w + "\n")).isEqualTo(p);
      seen.add(p);
    }
    assertThat(seen).hasSizeGreaterThan(3);
  }
}
