package dev.council.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.AggregateResult;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.ResultMetadata;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonMappingTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456Z");

  private static Result sub() {
    MemberResult inner = new MemberResult("x", MemberStatus.OK, "inner", null, new Usage(1, 2, null), 1,
        Duration.ofMillis(5), null, null, "mock", "m", Map.of());
    return new Result("sub-1", "panel", RunStatus.COMPLETED, "inner",
        List.of(new RoundResult("answers", "independent_analysis", 0, 0, List.of(inner), null, Map.of())),
        List.of(), new Usage(1, 2, null), T0, T0.plusSeconds(1), Map.of(ResultMetadata.MEMBER_CALLS, 1));
  }

  private static Result result() {
    Map<String, Object> parsed = new LinkedHashMap<>();
    parsed.put("choice", "A");
    parsed.put("confidence", 0.8);
    MemberResult ok = new MemberResult("a", MemberStatus.OK, "{\"choice\": \"A\"}", parsed, new Usage(10, 5, 0.25),
        2, Duration.ofMillis(1234), 0.8, null, "openai", "gpt", Map.of("label", "Response A"));
    CouncilError limited = CouncilError.of(ErrorKind.RATE_LIMITED, "slow down").withMember("b", "vote")
        .withRetryAfter(Duration.ofSeconds(30));
    MemberResult failed = new MemberResult("b", MemberStatus.ERROR, null, null, Usage.ZERO, 1, Duration.ZERO, null,
        limited, "openai", null, Map.of());
    MemberResult panel = new MemberResult("panel", MemberStatus.OK, "inner", null, new Usage(1, 2, null), 1,
        Duration.ofNanos(7_123_456_789L), null, null, null, null, Map.of(ResultMetadata.SUB_RUN_ID, "sub-1",
            ResultMetadata.SUB_STATUS, "COMPLETED", ResultMetadata.SUB_RESULT, sub()));
    AggregateResult agg = new AggregateResult("plurality", "A", List.of(), Map.of("A", 1.0, "B", 0.0), null,
        Map.of("counted", 1));
    RoundResult vote = new RoundResult("vote", "vote", 0, 0, List.of(ok, failed, panel), agg,
        Map.of("remaining", List.of("a")));
    return new Result("run-1", "advisor", RunStatus.FAILED, null, List.of(vote),
        List.of(CouncilError.of(ErrorKind.PERMANENT, "no answer")), new Usage(11, 7, 0.25), T0,
        T0.plusMillis(1500), Map.of(ResultMetadata.MEMBER_CALLS, 3, ResultMetadata.FAILED_MEMBER_CALLS, 1));
  }

  @Test
  void resultTreeHasTheDocumentedKeysInOrder() {
    Map<String, Object> tree = JsonMapping.toTree(result());

    assertThat(tree).containsOnlyKeys("runId", "councilId", "status", "answer", "rounds", "errors", "usage",
        "startedAt", "finishedAt", "metadata");
    assertThat(new ArrayList<>(tree.keySet())).startsWith("runId", "councilId", "status", "answer");
    assertThat(tree).containsEntry("status", "FAILED").containsEntry("answer", null)
        .containsEntry("startedAt", "2025-03-01T10:00:00.123456Z")
        .containsEntry("usage", Map.of("inputTokens", 11L, "outputTokens", 7L, "cost", 0.25));
    @SuppressWarnings("unchecked")
    Map<String, Object> round = ((List<Map<String, Object>>) tree.get("rounds")).get(0);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members = (List<Map<String, Object>>) round.get("members");
    assertThat(members.get(0)).containsEntry("latencyMs", 1234L).containsEntry("latency", "PT1.234S")
        .containsEntry("status", "OK");
    assertThat(members.get(1).get("error")).isEqualTo(Map.of("kind", "RATE_LIMITED", "message", "slow down",
        "memberId", "b", "round", "vote", "retryAfter", "30s"));
    @SuppressWarnings("unchecked")
    Map<String, Object> subResult = (Map<String, Object>) ((Map<String, Object>) members.get(2).get("metadata"))
        .get(ResultMetadata.SUB_RESULT);
    assertThat(subResult).as("a nested result becomes its tree").containsEntry("runId", "sub-1")
        .containsEntry("status", "COMPLETED");
  }

  @Test
  void aResultReadBackFromItsTreeEqualsTheOriginal() {
    Result original = result();

    Result read = JsonMapping.result(JsonMapping.toTree(original));

    assertThat(read.rounds().get(0).members().get(2).metadata().get(ResultMetadata.SUB_RESULT))
        .isEqualTo(JsonMapping.toTree(sub()));
    assertThat(JsonMapping.toTree(read)).isEqualTo(JsonMapping.toTree(original));
    assertThat(read.rounds().get(0).members().subList(0, 2)).isEqualTo(original.rounds().get(0).members().subList(0, 2));
    assertThat(read.rounds().get(0).aggregate()).isEqualTo(original.rounds().get(0).aggregate());
    assertThat(read.errors()).isEqualTo(original.errors());
    assertThat(read.usage()).isEqualTo(original.usage());
    assertThat(read.startedAt()).isEqualTo(original.startedAt());
  }

  @Test
  void everyEventReadBackFromItsTreeEqualsTheOriginal() {
    Result r = result();
    MemberResult member = r.rounds().get(0).members().get(0);
    List<CouncilEvent> events = List.of(
        new RunStarted("run-1", 0, T0, "advisor", Map.of("question", "Q?"), 2, "run-0"),
        new RoundStarted("run-1", 1, T0, "vote", "vote", 0, 0, List.of("a", "b")),
        new MemberStarted("run-1", 2, T0, "vote", 0, 0, "a", 1, "Q?"),
        new MemberToken("run-1", 3, T0, "vote", 0, "a", new StreamChunk("Ye", null, 0)),
        new ToolCallRequested("run-1", 4, T0, "vote", 0, "a", new ToolCall("c1", "search", Map.of("q", "x"))),
        new ToolCallCompleted("run-1", 5, T0, "vote", 0, "a", new ToolCallResult("c1", "search", List.of("hit"), null)),
        new MemberCompleted("run-1", 6, T0, "vote", 0, 0, r.rounds().get(0).members().get(1)),
        new RoundCompleted("run-1", 7, T0, new RoundResult("vote", "vote", 0, 0, List.of(member), null, Map.of())),
        new RunCompleted("run-1", 8, T0, new Result("run-1", "advisor", RunStatus.COMPLETED, "A", List.of(), List.of(),
            Usage.ZERO, T0, T0, Map.of())),
        new RunFailed("run-1", 9, T0, r.errors(), new Result("run-1", "advisor", RunStatus.FAILED, null,
            List.of(new RoundResult("vote", "vote", 0, 0, List.of(member), null, Map.of())), r.errors(), Usage.ZERO,
            T0, T0, Map.of())));

    for (CouncilEvent e : events) {
      assertThat(JsonMapping.event(JsonMapping.toTree(e))).as(e.type()).isEqualTo(e);
    }
    assertThat(events.stream().<Class<?>>map(CouncilEvent::getClass).toList()).as("every kind of event is read back")
        .containsExactlyInAnyOrder(CouncilEvent.class.getPermittedSubclasses());
  }

  @Test
  void anEventOfAnUnknownTypeIsRefusedListingTheKnownTypes() {
    Map<String, Object> tree = JsonMapping.toTree(new RunStarted("run-1", 0, T0, "advisor", Map.of(), 1, null));
    tree.put("type", "run_paused");

    assertThatThrownBy(() -> JsonMapping.event(tree)).isInstanceOf(CouncilException.class)
        .hasMessage("cannot read event: type should be one of the event types [run_started, round_started, "
            + "member_started, member_token, tool_call_requested, tool_call_completed, member_completed, "
            + "round_completed, run_completed, run_failed], found \"run_paused\"");
  }

  @Test
  void readingAcceptsAnyNumberTypeAndIsoDurations() {
    Map<String, Object> error = new LinkedHashMap<>(Map.of("kind", "RATE_LIMITED", "message", "m"));
    error.put("retryAfter", "PT1M");
    error.put("cause", null);

    assertThat(JsonMapping.error(error).retryAfter()).isEqualTo(Duration.ofMinutes(1));
    Map<String, Object> member = new LinkedHashMap<>(JsonMapping.toTree(result().rounds().get(0).members().get(0)));
    member.put("attempts", java.math.BigInteger.TWO);
    member.remove("latency");
    member.put("latencyMs", 1234.0);
    assertThat(JsonMapping.memberResult(member).attempts()).isEqualTo(2);
    assertThat(JsonMapping.memberResult(member).latency()).isEqualTo(Duration.ofMillis(1234));
  }

  @Test
  void aTreeThatDoesNotFitNamesThePathOfTheBadField() {
    Map<String, Object> tree = JsonMapping.toTree(result());
    @SuppressWarnings("unchecked")
    Map<String, Object> round = new LinkedHashMap<>(((List<Map<String, Object>>) tree.get("rounds")).get(0));
    @SuppressWarnings("unchecked")
    Map<String, Object> member = new LinkedHashMap<>(((List<Map<String, Object>>) round.get("members")).get(1));
    member.put("status", "FINE");
    round.put("members", List.of(member));
    tree.put("rounds", List.of(round));

    assertThatThrownBy(() -> JsonMapping.result(tree)).isInstanceOf(CouncilException.class)
        .hasMessageStartingWith("cannot read result: rounds[0].members[0].status should be one of [OK,")
        .hasMessageEndingWith("found \"FINE\"");
  }

  @Test
  void eventTreesStartWithTypeRunIdSeqTimestampAndNestTheSameResultTrees() {
    Result r = result();
    MemberCompleted completed = new MemberCompleted("run-1", 4, T0, "vote", 0, 0, r.rounds().get(0).members().get(0));
    RunFailed failed = new RunFailed("run-1", 9, T0, r.errors(), r);

    Map<String, Object> tree = JsonMapping.toTree(completed);

    assertThat(new ArrayList<>(tree.keySet())).containsExactly("type", "runId", "seq", "timestamp", "round",
        "roundIndex", "iteration", "result");
    assertThat(tree).containsEntry("type", "member_completed").containsEntry("seq", 4L)
        .containsEntry("result", JsonMapping.toTree(r.rounds().get(0).members().get(0)));
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("kind", "PERMANENT");
    error.put("message", "no answer");
    error.put("memberId", null);
    error.put("round", null);
    assertThat(JsonMapping.toTree(failed)).containsEntry("result", JsonMapping.toTree(r))
        .containsEntry("errors", List.of(error));
  }
}
