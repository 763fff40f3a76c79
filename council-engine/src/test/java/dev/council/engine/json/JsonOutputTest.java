package dev.council.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.AggregateResult;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.ValidationError;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.MemberToken;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.api.event.RunStarted;
import dev.council.api.event.ToolCallCompleted;
import dev.council.api.event.ToolCallRequested;
import dev.council.api.provider.StreamChunk;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolCallResult;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class JsonOutputTest {
  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
  private static final Instant T1 = Instant.parse("2025-01-02T03:04:09.500Z");

  private static MemberResult okMember() {
    return new MemberResult("alice", MemberStatus.OK, "Yes.", Map.of("choice", "Response A"), new Usage(10, 5, 0.002),
        1, Duration.ofMillis(1234), 0.8, null, "openai", "gpt-4o", Map.of("label", "Response A"));
  }

  private static MemberResult failedMember() {
    CouncilError error = CouncilError.of(ErrorKind.RATE_LIMITED, "429 slow down").withMember("bob", "vote")
        .withRetryAfter(Duration.ofSeconds(30));
    return new MemberResult("bob", MemberStatus.ERROR, null, null, Usage.ZERO, 2, Duration.ofMillis(50), null, error,
        "anthropic", "claude", Map.of());
  }

  private static RoundResult voteRound() {
    AggregateResult aggregate = new AggregateResult("plurality", "Response A", List.of(),
        Map.of("Response A", 1.0), null, Map.of("ballots", 1));
    return new RoundResult("vote", "vote", 1, 0, List.of(okMember(), failedMember()), aggregate, Map.of("k", "v"));
  }

  private static Result result() {
    return new Result("run-1", "advisor", RunStatus.COMPLETED, "Do it.", List.of(voteRound()),
        List.of(), new Usage(10, 5, 0.002), T0, T1, Map.of("attempt", 1));
  }

  @Test
  void resultJsonHasEveryDocumentedField() {
    Map<String, Object> tree = (Map<String, Object>) JsonOutput.parse(JsonOutput.result(result()));

    assertThat(tree).containsOnlyKeys("runId", "councilId", "status", "answer", "rounds", "errors", "usage",
        "startedAt", "finishedAt", "metadata");
    assertThat(tree.get("status")).isEqualTo("COMPLETED");
    assertThat(tree.get("startedAt")).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(tree.get("finishedAt")).isEqualTo("2025-01-02T03:04:09.500Z");
    assertThat(tree.get("usage")).isEqualTo(Map.of("inputTokens", 10, "outputTokens", 5, "cost", 0.002));

    Map<String, Object> round = (Map<String, Object>) ((List<Object>) tree.get("rounds")).get(0);
    assertThat(round).containsOnlyKeys("name", "type", "index", "iteration", "members", "aggregate", "metadata");
    assertThat((Map<String, Object>) round.get("aggregate")).containsOnlyKeys("aggregator", "winner", "tied", "scores",
        "noWinnerReason", "details").containsEntry("winner", "Response A").containsEntry("noWinnerReason", null);

    List<Object> members = (List<Object>) round.get("members");
    Map<String, Object> alice = (Map<String, Object>) members.get(0);
    assertThat(alice).containsOnlyKeys("memberId", "status", "content", "parsed", "usage", "attempts", "latencyMs",
        "latency", "confidence", "error", "provider", "model", "metadata");
    assertThat(alice.get("latencyMs")).isEqualTo(1234);
    assertThat(alice.get("latency")).isEqualTo("PT1.234S");
    assertThat(alice.get("parsed")).isEqualTo(Map.of("choice", "Response A"));
    assertThat(alice.get("error")).isNull();

    Map<String, Object> bobError = (Map<String, Object>) ((Map<String, Object>) members.get(1)).get("error");
    assertThat(bobError).containsEntry("kind", "RATE_LIMITED").containsEntry("message", "429 slow down")
        .containsEntry("memberId", "bob").containsEntry("round", "vote").containsEntry("retryAfter", "30s");
  }

  @Test
  void resultJsonIsPrettyPrinted() {
    String json = JsonOutput.result(result());

    assertThat(json).startsWith("{\n  \"runId\": \"run-1\",\n  \"councilId\": \"advisor\",");
  }

  @Test
  void failedRunListsItsErrors() {
    Result failed = new Result("run-2", "advisor", RunStatus.CANCELLED, null, List.of(),
        List.of(CouncilError.of(ErrorKind.CANCELLED, "cancelled by user")), Usage.ZERO, T0, T1, Map.of());

    Map<String, Object> tree = (Map<String, Object>) JsonOutput.parse(JsonOutput.result(failed));

    assertThat(tree.get("answer")).isNull();
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("kind", "CANCELLED");
    expected.put("message", "cancelled by user");
    expected.put("memberId", null);
    expected.put("round", null);
    assertThat(tree.get("errors")).isEqualTo(List.of(expected));
  }

  @Test
  void validationErrorsAreAnArrayOfPathCodeMessage() {
    String json = JsonOutput.validationErrors(List.of(
        new ValidationError("members[2].temprature", "unknown_field", "not a field"),
        new ValidationError("id", "missing_field", "needs an id")));

    assertThat(JsonOutput.parse(json)).isEqualTo(List.of(
        Map.of("path", "members[2].temprature", "code", "unknown_field", "message", "not a field"),
        Map.of("path", "id", "code", "missing_field", "message", "needs an id")));
  }

  @Test
  void everyEventTypeIsOneCompactObjectWithItsCommonAndOwnFields() {
    List<CouncilEvent> events = List.of(
        new RunStarted("r", 0, T0, "advisor", Map.of("question", "why?"), 1, null),
        new RoundStarted("r", 1, T0, "vote", "vote", 1, 0, List.of("alice", "bob")),
        new MemberStarted("r", 2, T0, "vote", 1, 0, "alice", 1, "Vote now."),
        new MemberToken("r", 3, T0, "vote", 1, "alice", new StreamChunk("Ye", null, 0)),
        new ToolCallRequested("r", 4, T0, "vote", 1, "alice", new ToolCall("c1", "search", Map.of("q", "x"))),
        new ToolCallCompleted("r", 5, T0, "vote", 1, "alice", new ToolCallResult("c1", "search", List.of(1), null)),
        new MemberCompleted("r", 6, T0, "vote", 1, 0, okMember()),
        new RoundCompleted("r", 7, T0, voteRound()),
        new RunCompleted("r", 8, T0, result()),
        new RunFailed("r", 9, T1, List.of(CouncilError.of(ErrorKind.TRANSIENT, "boom")), result()));
    Map<String, List<String>> ownFields = Map.of(
        "run_started", List.of("councilId", "input", "attempt", "parentRunId"),
        "round_started", List.of("round", "roundType", "roundIndex", "iteration", "participants"),
        "member_started", List.of("round", "roundIndex", "iteration", "memberId", "attempt", "prompt"),
        "member_token", List.of("round", "roundIndex", "memberId", "chunk"),
        "tool_call_requested", List.of("round", "roundIndex", "memberId", "call"),
        "tool_call_completed", List.of("round", "roundIndex", "memberId", "result"),
        "member_completed", List.of("round", "roundIndex", "iteration", "result"),
        "round_completed", List.of("result"),
        "run_completed", List.of("result"),
        "run_failed", List.of("errors", "result"));

    for (CouncilEvent event : events) {
      String json = JsonOutput.event(event);
      assertThat(json).as(event.type()).doesNotContain("\n").startsWith("{\"type\":\"" + event.type() + "\"");
      Map<String, Object> tree = (Map<String, Object>) JsonOutput.parse(json);
      assertThat(tree.get("runId")).isEqualTo("r");
      assertThat(((Number) tree.get("seq")).longValue()).isEqualTo(event.seq());
      assertThat(tree.get("timestamp")).isEqualTo(event.timestamp().toString());
      List<String> keys = new java.util.ArrayList<>(List.of("type", "runId", "seq", "timestamp"));
      keys.addAll(ownFields.get(event.type()));
      assertThat(tree.keySet()).as(event.type()).containsExactlyElementsOf(keys);
    }
  }

  @Test
  void eventFieldsCarryTheirNestedValues() {
    Map<String, Object> token = (Map<String, Object>) JsonOutput.parse(JsonOutput.event(
        new MemberToken("r", 3, T0, "vote", 1, "alice", new StreamChunk("Ye", "stop", 4))));
    Map<String, Object> tool = (Map<String, Object>) JsonOutput.parse(JsonOutput.event(
        new ToolCallCompleted("r", 5, T0, "vote", 1, "alice", new ToolCallResult("c1", "search", null, "timed out"))));
    Map<String, Object> completed = (Map<String, Object>) JsonOutput.parse(JsonOutput.event(
        new MemberCompleted("r", 6, T0, "vote", 1, 0, okMember())));

    assertThat(token.get("chunk")).isEqualTo(Map.of("content", "Ye", "finishReason", "stop", "index", 4));
    assertThat((Map<String, Object>) tool.get("result")).containsEntry("error", "timed out").containsEntry("result", null);
    assertThat((Map<String, Object>) completed.get("result")).containsEntry("memberId", "alice").containsEntry("confidence", 0.8);
  }

  @Test
  void parseReturnsPlainJavaTrees() {
    Object tree = JsonOutput.parse("""
        {"s": "x", "i": 1, "l": 9000000000, "b": 123456789012345678901234567890, "d": 0.5, "t": true,
         "n": null, "a": [1, "two"], "o": {"k": "v"}}
        """);

    assertThat(tree).isInstanceOf(LinkedHashMap.class);
    Map<String, Object> m = (Map<String, Object>) tree;
    assertThat(m.get("i")).isEqualTo(1);
    assertThat(m.get("l")).isEqualTo(9_000_000_000L);
    assertThat(m.get("b")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(m.get("d")).isEqualTo(0.5);
    assertThat(m.get("t")).isEqualTo(true);
    assertThat(m.containsKey("n")).isTrue();
    assertThat(m.get("n")).isNull();
    assertThat(m.get("a")).isInstanceOf(java.util.ArrayList.class).isEqualTo(List.of(1, "two"));
    assertThat(m.get("o")).isInstanceOf(LinkedHashMap.class);
    assertThat(JsonOutput.parse("\"just a string\"")).isEqualTo("just a string");
    assertThat(JsonOutput.parse("null")).isNull();
  }

  @Test
  void parseOfMalformedJsonFailsWithValidationKindAndPosition() {
    CouncilException e = catchThrowableOfType(CouncilException.class,
        () -> JsonOutput.parse("{\"choice\": \"A\",\n \"confidence\": }"));

    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(e.getMessage()).startsWith("invalid JSON at line 2, column").contains("expected a valid value");
  }

  @Test
  void parseRejectsTrailingContent() {
    CouncilException e = catchThrowableOfType(CouncilException.class, () -> JsonOutput.parse("{\"a\": 1} extra"));

    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(e.getMessage()).contains("line 1");
  }

  @Test
  void writeIsCompactAndKeepsKeyOrder() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("z", 1);
    tree.put("a", Arrays.asList("x", null, 2.5, false));
    tree.put("m", Map.of());

    assertThat(JsonOutput.write(tree)).isEqualTo("{\"z\":1,\"a\":[\"x\",null,2.5,false],\"m\":{}}");
    assertThat(JsonOutput.write(null)).isEqualTo("null");
  }
}
