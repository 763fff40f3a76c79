package dev.council.recorder.jdbi;

import dev.council.api.AggregateResult;
import dev.council.api.ConfidenceStrategy;
import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.FailureMode;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Profile;
import dev.council.api.MemberOptions;
import dev.council.api.Result;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
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
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run made of council-api records, fed to a recorder the way the engine would: two members answer
 * one round (member "a" streams two tokens and calls a tool), then the run completes, fails or is
 * cancelled. Event timestamps are {@code startedAt + seq} milliseconds.
 */
final class SyntheticRun {
  static final Council COUNCIL = Council.builder("advisor")
      .description("two members and a round")
      .member(Member.builder("a").role("Optimist").systemPrompt("Be bright.").provider("mock").model("m-1")
          .stream(true).build())
      .member(Member.builder("b").role("Skeptic").systemPrompt("Doubt.").provider("mock").model("m-2").build())
      .round("independent_analysis")
      .build();

  final String runId;
  final Instant startedAt;
  final Council council;
  final Map<String, Object> input;
  final String owner;
  final int attempt;
  final String parentRunId;
  private long seq;

  SyntheticRun(String runId, Instant startedAt) {
    this(runId, startedAt, COUNCIL, "node-a");
  }

  SyntheticRun(String runId, Instant startedAt, Council council, String owner) {
    this(runId, startedAt, council, owner, 1, null);
  }

  SyntheticRun(String runId, Instant startedAt, Council council, String owner, int attempt, String parentRunId) {
    this.runId = runId;
    this.startedAt = startedAt;
    this.council = council;
    this.owner = owner;
    this.attempt = attempt;
    this.parentRunId = parentRunId;
    this.input = Map.of("question", "Is " + runId + " a good idea?");
  }

  RunInfo info() {
    return new RunInfo(runId, council, input, attempt, parentRunId, owner, startedAt);
  }

  /** Everything before the outcome: run and round start, both members with a tool call and tokens. */
  List<CouncilEvent> body() {
    List<CouncilEvent> events = new ArrayList<>();
    events.add(new RunStarted(runId, seq, at(), council.id(), input, attempt, parentRunId));
    events.add(new RoundStarted(runId, seq, at(), "independent_analysis", "independent_analysis", 0, 0,
        List.of("a", "b")));
    events.add(new MemberStarted(runId, seq, at(), "independent_analysis", 0, 0, "a", 1, "Question: yes?"));
    events.add(new MemberStarted(runId, seq, at(), "independent_analysis", 0, 0, "b", 1, "Question: yes?"));
    events.add(new ToolCallRequested(runId, seq, at(), "independent_analysis", 0, "a",
        new ToolCall("call-1", "lookup", Map.of("q", "facts"))));
    events.add(new ToolCallCompleted(runId, seq, at(), "independent_analysis", 0, "a",
        new ToolCallResult("call-1", "lookup", Map.of("facts", List.of("sky is blue")), null)));
    events.add(new MemberToken(runId, seq, at(), "independent_analysis", 0, "a", new StreamChunk("Ye", null, 0)));
    events.add(new MemberToken(runId, seq, at(), "independent_analysis", 0, "a", new StreamChunk("s", "stop", 1)));
    events.add(new MemberCompleted(runId, seq, at(), "independent_analysis", 0, 0, memberResult("a", "Yes")));
    events.add(new MemberCompleted(runId, seq, at(), "independent_analysis", 0, 0, memberResult("b", "No")));
    events.add(new RoundCompleted(runId, seq, at(), roundResult()));
    return events;
  }

  /** The terminal event for {@code status}: RunCompleted, or RunFailed carrying the result's errors. */
  CouncilEvent terminal(RunStatus status) {
    Result result = result(status);
    return status == RunStatus.COMPLETED
        ? new RunCompleted(runId, seq, at(), result)
        : new RunFailed(runId, seq, at(), result.errors(), result);
  }

  /** Opens the run on {@code recording}'s recorder, feeds the body and terminal event, and finishes it. */
  void play(RunRecording recording, RunStatus status) {
    for (CouncilEvent e : body()) {
      recording.onEvent(e);
    }
    recording.onEvent(terminal(status));
    recording.finish(outcome(status));
  }

  RunOutcome outcome(RunStatus status) {
    Result result = result(status);
    return switch (status) {
      case COMPLETED -> new RunOutcome.Completed(result);
      case FAILED -> new RunOutcome.Failed(result);
      case CANCELLED -> new RunOutcome.Cancelled(result);
      case RUNNING -> throw new IllegalArgumentException("a running run has no outcome");
    };
  }

  Result result(RunStatus status) {
    List<CouncilError> errors = switch (status) {
      case COMPLETED, RUNNING -> List.of();
      case FAILED -> List.of(new CouncilError(ErrorKind.PERMANENT, "no member succeeded", null,
          "independent_analysis", null, null));
      case CANCELLED -> List.of(CouncilError.of(ErrorKind.CANCELLED, "cancelled by the caller"));
    };
    return new Result(runId, council.id(), status, status == RunStatus.COMPLETED ? "Yes, mostly." : null,
        List.of(roundResult()), errors, Usage.of(30, 12), startedAt, startedAt.plusSeconds(3),
        Map.of("note", "synthetic"));
  }

  private RoundResult roundResult() {
    return new RoundResult("independent_analysis", "independent_analysis", 0, 0,
        List.of(memberResult("a", "Yes"), memberResult("b", "No")),
        new AggregateResult("plurality", "Yes", List.of(), Map.of("Yes", 1.0, "No", 1.0), null, Map.of()),
        Map.of());
  }

  private Instant at() {
    return startedAt.plusMillis(seq++);
  }

  static MemberResult memberResult(String memberId, String content) {
    return new MemberResult(memberId, MemberStatus.OK, content, null, new Usage(15, 6, 0.002), 1,
        Duration.ofMillis(420), 0.7, null, "mock", "m-1", Map.of());
  }

  /** A member result with every field set, nulls inside its trees, and an error. */
  static MemberResult fullMemberResult() {
    Map<String, Object> parsed = new LinkedHashMap<>();
    parsed.put("vote", "B");
    parsed.put("scores", List.of(1, 2.5, true, "x"));
    parsed.put("reason", null);
    parsed.put("nested", Map.of("depth", Map.of("n", 3)));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("label", "Response B");
    metadata.put("subRunId", "sub-1");
    return new MemberResult("critic", MemberStatus.INVALID_OUTPUT, "Text with ünïcödé, \"quotes\" and \\ backslash",
        parsed, new Usage(1200, 345, 0.0123), 3, Duration.ofMillis(1234).plusNanos(5678), 0.85,
        new CouncilError(ErrorKind.RATE_LIMITED, "slow down", "critic", "review", Duration.ofSeconds(7),
            "java.io.IOException: 429"),
        "openai", "gpt-test", metadata);
  }

  /** A council using most of what a council can hold, to check that it reads back equal. */
  static Council richCouncil() {
    Council sub = Council.builder("sub-panel")
        .member(Member.builder("s1").provider("mock").model("tiny").build())
        .round("independent_analysis")
        .build();
    return Council.builder("rich")
        .description("everything")
        .member(Member.builder("a").role("Analyst").systemPrompt("Think.").profile("fast")
            .provider("openai").model("gpt-x").temperature(0.2).maxTokens(500).stream(true)
            .retry(RetryPolicy.of(3, Duration.ofMillis(250))).timeout(Duration.ofSeconds(20))
            .tools(List.of("search")).confidence(ConfidenceStrategy.SELF_REPORT).weight(2.0)
            .outputSchema(Map.of("type", "object", "required", List.of("vote")))
            .option("top_p", 0.9).metadata("x", 1).build())
        .member(Member.builder("panel").subCouncil(sub).inputMapper("first-question").build())
        .member(Member.builder("ref").subCouncilRef("registered-panel").outputSchemaRef("vote").build())
        .chair(Member.builder("chair").provider("anthropic").model("claude-x").build())
        .round(Round.builder("iterate").name("loop").option("maxIterations", 3)
            .failureMode(FailureMode.FAIL_FAST).quorum(1)
            .inner(Round.of("debate")).build())
        .round(Round.builder("vote").aggregator("borda").build())
        .router("by-topic")
        .defaultProfile("fast")
        .profile(Profile.of("fast", MemberOptions.builder().provider("openai").model("gpt-mini").build()))
        .tool("clock")
        .option("seed", 42)
        .build();
  }
}
