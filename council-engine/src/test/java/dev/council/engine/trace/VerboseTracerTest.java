package dev.council.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.AggregateResult;
import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.Verbosity;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.MemberToken;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.api.event.RunStarted;
import dev.council.api.provider.StreamChunk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerboseTracerTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void timelineShowsRoundsMembersWinnerAndTheAnswer() {
    VerboseTracer tracer = new VerboseTracer(out, Verbosity.TIMELINE);

    successfulRun("short prompt", "four").forEach(tracer::onEvent);

    assertThat(lines()).containsExactly(
        "[+0ms] run r1 started: council 'advisor'",
        "[+10ms]   round 0 'votes' (vote) started: a, b",
        "[+1.50s]     a OK in 1.25s, tokens 100 in / 20 out, 1 attempt, confidence 0.80",
        "[+2.00s]     b TIMEOUT in 30.00s, tokens 0 in / 0 out, 2 attempts: TIMEOUT no answer in 30s",
        "[+2.10s]   round 0 'votes' completed: 1 of 2 ok, winner 'paris' (plurality)",
        "[+2.20s] run r1 COMPLETED: 1 round, tokens 100 in / 20 out",
        "      answer: The answer is Paris.");
  }

  @Test
  void debugAddsPromptsAndResponses() {
    VerboseTracer tracer = new VerboseTracer(out, Verbosity.DEBUG);

    successfulRun("What is the capital\nof France?", "four").forEach(tracer::onEvent);

    assertThat(lines()).contains(
        "[+20ms]     a attempt 1 started",
        "      prompt: What is the capital",
        "              of France?",
        "      response: four");
  }

  @Test
  void debugCutsLongFieldsAndSaysHowMuchWasCut() {
    VerboseTracer tracer = new VerboseTracer(out, Verbosity.DEBUG);
    String prompt = "p".repeat(1000);
    String response = "r".repeat(801);

    successfulRun(prompt, response).forEach(tracer::onEvent);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("prompt: " + "p".repeat(800) + "... [200 more characters cut]");
    assertThat(printed).contains("response: " + "r".repeat(800) + "... [1 more characters cut]");
    assertThat(printed).doesNotContain("p".repeat(801)).doesNotContain("r".repeat(801));
  }

  @Test
  void timelineLeavesOutPromptsResponsesAndTokens() {
    VerboseTracer tracer = new VerboseTracer(out, Verbosity.TIMELINE);

    successfulRun("secret-ish prompt", "long response").forEach(tracer::onEvent);

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .doesNotContain("secret-ish prompt")
        .doesNotContain("long response")
        .doesNotContain("streamed-token");
  }

  @Test
  void failedRunListsItsErrors() {
    VerboseTracer tracer = new VerboseTracer(out, Verbosity.TIMELINE);
    CouncilError error = new CouncilError(ErrorKind.PERMANENT, "no member answered", null, "votes", null, null);
    Result result = new Result("r1", "advisor", RunStatus.FAILED, null, List.of(), List.of(error), Usage.of(5, 0),
        T0, T0.plusSeconds(3), Map.of());

    tracer.onEvent(new RunStarted("r1", 0, T0, "advisor", Map.of(), 1, null));
    tracer.onEvent(new RunFailed("r1", 1, T0.plusSeconds(3), List.of(error), result));

    assertThat(lines()).containsExactly(
        "[+0ms] run r1 started: council 'advisor'",
        "[+3.00s] run r1 FAILED: 0 rounds, tokens 5 in / 0 out",
        "      error: PERMANENT no member answered (round votes)");
  }

  @Test
  void offPrintsNothing() {
    VerboseTracer tracer = new VerboseTracer(out, Verbosity.OFF);

    successfulRun("prompt", "response").forEach(tracer::onEvent);

    assertThat(bytes.size()).isZero();
  }

  @Test
  void truncateLeavesShortTextAloneAndNeverSplitsASurrogatePair() {
    assertThat(VerboseTracer.truncate("short", 800)).isEqualTo("short");
    assertThat(VerboseTracer.truncate("x".repeat(800), 800)).isEqualTo("x".repeat(800));
    String emoji = "ab\uD83D\uDE00cd";

    assertThat(VerboseTracer.truncate(emoji, 3)).isEqualTo("ab... [4 more characters cut]");
  }

  private List<CouncilEvent> successfulRun(String prompt, String response) {
    MemberResult a = new MemberResult("a", MemberStatus.OK, response, null, Usage.of(100, 20), 1,
        Duration.ofMillis(1250), 0.8, null, "mock", "m", Map.of());
    MemberResult b = new MemberResult("b", MemberStatus.TIMEOUT, null, null, Usage.ZERO, 2, Duration.ofSeconds(30),
        null, CouncilError.of(ErrorKind.TIMEOUT, "no answer in 30s"), "mock", "m", Map.of());
    AggregateResult aggregate = new AggregateResult("plurality", "paris", List.of(), Map.of("paris", 1.0), null, Map.of());
    RoundResult round = new RoundResult("votes", "vote", 0, 0, List.of(a, b), aggregate, Map.of());
    Result result = new Result("r1", "advisor", RunStatus.COMPLETED, "The answer is Paris.", List.of(round), List.of(),
        Usage.of(100, 20), T0, T0.plusMillis(2200), Map.of());
    return List.of(
        new RunStarted("r1", 0, T0, "advisor", Map.of("question", prompt), 1, null),
        new RoundStarted("r1", 1, T0.plusMillis(10), "votes", "vote", 0, 0, List.of("a", "b")),
        new MemberStarted("r1", 2, T0.plusMillis(20), "votes", 0, 0, "a", 1, prompt),
        new MemberToken("r1", 3, T0.plusMillis(30), "votes", 0, "a", new StreamChunk("streamed-token", null, 0)),
        new MemberCompleted("r1", 4, T0.plusMillis(1500), "votes", 0, 0, a),
        new MemberCompleted("r1", 5, T0.plusMillis(2000), "votes", 0, 0, b),
        new RoundCompleted("r1", 6, T0.plusMillis(2100), round),
        new RunCompleted("r1", 7, T0.plusMillis(2200), result));
  }

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
