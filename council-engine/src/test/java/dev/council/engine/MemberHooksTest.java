package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.council.api.ConfidenceStrategy;
import dev.council.api.Council;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Profile;
import dev.council.api.MemberOptions;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.ToolChoice;
import dev.council.api.spi.Tool;
import dev.council.api.spi.ToolContext;
import dev.council.api.Usage;
import dev.council.engine.json.Councils;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Member hooks (transformInput, validate), toolChoice and logprob confidence, through the engine. */
class MemberHooksTest {
  private final MockProvider mock = MockProvider.create("mock");
  private final Tool search = new Tool() {
    @Override public String name() { return "search"; }
    @Override public String description() { return "Searches"; }
    @Override public Map<String, Object> parameters() { return Map.of("type", "object"); }
    @Override public Object execute(Map<String, Object> arguments, ToolContext context) { return "found"; }
  };
  private final CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock)
      .tool(search)
      .inputTransform("shout", (m, prompt, input) -> prompt.toUpperCase() + "\n(asked of " + m.id() + ")")
      .outputValidator("cites_a_source", (m, content, parsed) -> content.contains("[source]") ? List.of()
          : List.of("cite at least one source, marked [source]"))
      .outputValidator("positive_score", (m, content, parsed) ->
          parsed instanceof Map<?, ?> map && map.get("score") instanceof Number n && n.doubleValue() > 0 ? List.of()
              : List.of("score must be positive"))
      .build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static Council single(MemberOptions.Builder opts) {
    return Council.builder("hooks").member(member("a").toBuilder().options(opts.provider("mock").model("m").build())
        .build()).round(Round.of("independent_analysis")).build();
  }

  @Test
  void transformInputReshapesThePromptTheMemberSees() {
    mock.script("a", MockScript.content("ok"));

    engine.run(single(MemberOptions.builder().transformInput("shout")), QUESTION);

    String sent = mock.requests("a").get(0).lastUserMessage();
    assertThat(sent).contains("SHOULD WE ADOPT FOUR-DAY WEEKS?").endsWith("(asked of a)");
  }

  @Test
  void aFailedBusinessRuleIsReaskedWithTheProblemAndThenAccepted() {
    mock.script("a", MockScript.sequence(MockScript.content("Yes."), MockScript.content("Yes [source].")));

    MemberResult r = engine.run(single(MemberOptions.builder().validate("cites_a_source")), QUESTION)
        .rounds().get(0).member("a").orElseThrow();

    assertThat(r.status()).isEqualTo(MemberStatus.OK);
    assertThat(r.content()).isEqualTo("Yes [source].");
    assertThat(r.attempts()).isEqualTo(2);
    ChatRequest again = mock.requests("a").get(1);
    assertThat(again.messages().get(again.messages().size() - 2).content()).isEqualTo("Yes.");
    assertThat(again.lastUserMessage()).contains("cite at least one source, marked [source]");
  }

  @Test
  void aRuleStillBrokenWhenTheRetryBudgetIsSpentEndsInvalidOutput() {
    mock.script("a", MockScript.content("{\"score\": -1}"));
    MemberOptions.Builder opts = MemberOptions.builder().validate("positive_score")
        .outputSchema(Map.of("type", "object", "properties", Map.of("score", Map.of("type", "number"))))
        .retry(new RetryPolicy(2, Duration.ZERO, Duration.ZERO));

    MemberResult r = engine.run(single(opts), QUESTION).rounds().get(0).member("a").orElseThrow();

    assertThat(r.status()).isEqualTo(MemberStatus.INVALID_OUTPUT);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.error().message()).contains("positive_score").contains("score must be positive");
    assertThat(mock.calls("a")).isEqualTo(2);
  }

  @Test
  void hooksAndToolChoiceComeFromJsonCouncilsAndProfiles() {
    Council c = Councils.fromJson("""
        {"id": "json-hooks",
         "profiles": [{"name": "careful", "provider": "mock", "model": "m", "validate": "cites_a_source",
                       "toolChoice": {"tool": "search"}, "tools": ["search"]}],
         "members": [{"id": "a", "profile": "careful", "transformInput": "shout"}],
         "rounds": [{"type": "independent_analysis"}]}
        """);
    mock.script("a", MockScript.content("fine [source]"));

    MemberResult r = engine.run(c, QUESTION).rounds().get(0).member("a").orElseThrow();

    assertThat(r.status()).isEqualTo(MemberStatus.OK);
    ChatRequest sent = mock.requests("a").get(0);
    assertThat(sent.toolChoice()).isEqualTo(ToolChoice.tool("search"));
    assertThat(sent.lastUserMessage()).endsWith("(asked of a)");
    Council again = Councils.fromJson(Councils.toJson(c));
    assertThat(again.profiles().get(0).options().toolChoice()).isEqualTo(ToolChoice.tool("search"));
    assertThat(again.profiles().get(0).options().validate()).isEqualTo("cites_a_source");
    assertThat(again.members().get(0).options().transformInput()).isEqualTo("shout");
  }

  @Test
  void validationReportsUnknownHooksAndAToolChoiceNamingAToolTheMemberLacks() {
    Council c = Council.builder("bad").member(member("a").toBuilder().transformInput("nope").validate("nada")
            .tool("search").toolChoice(ToolChoice.tool("calculator")).build())
        .member(member("b").toBuilder().toolChoice(ToolChoice.REQUIRED).build())
        .round(Round.of("independent_analysis")).build();

    List<ValidationError> errors = engine.validate(c);

    assertThat(errors).extracting(ValidationError::path, ValidationError::code).contains(
        org.assertj.core.groups.Tuple.tuple("members[0].transformInput", "unknown_input_transform"),
        org.assertj.core.groups.Tuple.tuple("members[0].validate", "unknown_output_validator"),
        org.assertj.core.groups.Tuple.tuple("members[0].toolChoice", "unknown_tool_choice"),
        org.assertj.core.groups.Tuple.tuple("members[1].toolChoice", "tool_choice_without_tools"));
    assertThat(errors).filteredOn(e -> e.code().equals("unknown_tool_choice")).first()
        .extracting(ValidationError::message).asString().contains("calculator").contains("[search]");
  }

  @Test
  void aForcedToolChoiceAppliesToTheFirstTurnOnly() {
    mock.script("a", MockScript.sequence(
        MockScript.toolCalls(List.of(new dev.council.api.provider.ToolCall("c1", "search", Map.of()))),
        MockScript.content("done")));

    engine.run(single(MemberOptions.builder().tool("search").toolChoice(ToolChoice.REQUIRED)), QUESTION);

    assertThat(mock.requests("a")).extracting(ChatRequest::toolChoice)
        .containsExactly(ToolChoice.REQUIRED, ToolChoice.AUTO);
  }

  @Test
  void logprobConfidenceIsTheGeometricMeanTokenProbability() {
    mock.script("a", MockScript.respond(req -> new ChatResponse("Yes.", List.of(), "stop", Usage.of(1, 2), null,
        Map.of(ChatResponse.LOGPROB_SUM, Math.log(0.81), ChatResponse.LOGPROB_TOKENS, 2))));

    MemberResult r = engine.run(single(MemberOptions.builder().confidence(ConfidenceStrategy.LOGPROB)), QUESTION)
        .rounds().get(0).member("a").orElseThrow();

    assertThat(mock.requests("a").get(0).logprobs()).isTrue();
    assertThat(r.confidence()).isCloseTo(0.9, within(1e-12));
    assertThat(r.metadata()).doesNotContainKey("confidenceUnavailable");
  }

  @Test
  void logprobConfidenceIsNullWithAReasonWhenTheProviderReportsNone() {
    mock.script("a", MockScript.content("Yes."));

    MemberResult r = engine.run(single(MemberOptions.builder().confidence(ConfidenceStrategy.LOGPROB)), QUESTION)
        .rounds().get(0).member("a").orElseThrow();

    assertThat(r.confidence()).isNull();
    assertThat(r.metadata().get("confidenceUnavailable")).asString().contains("provider 'mock' returned no token"
        + " logprobs");
  }

  @Test
  void selfReportConfidenceStillWorks() {
    mock.script("a", MockScript.content("Yes.\n{\"confidence\": 0.7}"));

    MemberResult r = engine.run(single(MemberOptions.builder().confidence(ConfidenceStrategy.SELF_REPORT)), QUESTION)
        .rounds().get(0).member("a").orElseThrow();

    assertThat(r.confidence()).isEqualTo(0.7);
    assertThat(r.content()).isEqualTo("Yes.");
  }

  @Test
  void profilesCarryToolChoiceUnderTheMembersOwn() {
    Profile p = Profile.of("p", MemberOptions.builder().toolChoice(ToolChoice.NONE).build());
    assertThat(p.options().overriddenBy(MemberOptions.builder().toolChoice(ToolChoice.REQUIRED).build())
        .toolChoice()).isEqualTo(ToolChoice.REQUIRED);
    assertThat(p.options().overriddenBy(MemberOptions.EMPTY).toolChoice()).isEqualTo(ToolChoice.NONE);
  }
}
