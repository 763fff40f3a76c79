package dev.council.testkit;

import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.api.event.RunStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ready-made events and results for tests. Timestamps are fixed (whole milliseconds from {@link #T0}),
 * so stores that keep millisecond precision give back equal values.
 *
 * <p>Stateless; every method returns new immutable values.
 */
public final class TestEvents {
  /** The timestamp of seq 0; seq {@code n} is stamped {@code T0 + n ms}. */
  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** The council id used by these events. */
  public static final String COUNCIL_ID = "kit-council";

  private TestEvents() {}

  /**
   * {@code count} events of one run numbered 0 to {@code count - 1}: a {@link RunStarted}, then
   * {@link MemberStarted} events, then (when {@code count > 1}) a {@link RunCompleted}.
   */
  public static List<CouncilEvent> numbered(String runId, int count) {
    List<CouncilEvent> out = new ArrayList<>(count);
    for (int seq = 0; seq < count; seq++) {
      if (seq == 0) {
        out.add(runStarted(runId));
      } else if (seq == count - 1) {
        out.add(new RunCompleted(runId, seq, at(seq), result(runId, RunStatus.COMPLETED)));
      } else {
        out.add(memberStarted(runId, seq, "m" + (seq % 3)));
      }
    }
    return List.copyOf(out);
  }

  /**
   * A whole successful run of one round with the given members: {@code RunStarted}, {@code
   * RoundStarted}, each member's {@code MemberStarted} and {@code MemberCompleted}, {@code
   * RoundCompleted}, {@code RunCompleted}.
   */
  public static List<CouncilEvent> completedRun(String runId, List<String> memberIds) {
    List<CouncilEvent> out = new ArrayList<>();
    out.add(runStarted(runId));
    out.add(new RoundStarted(runId, out.size(), at(out.size()), "answers", "independent_analysis", 0, 0,
        memberIds));
    for (String m : memberIds) {
      out.add(memberStarted(runId, out.size(), m));
    }
    List<MemberResult> results = new ArrayList<>();
    for (String m : memberIds) {
      MemberResult r = memberResult(m, "answer from " + m);
      results.add(r);
      out.add(new MemberCompleted(runId, out.size(), at(out.size()), "answers", 0, 0, r));
    }
    RoundResult round = new RoundResult("answers", "independent_analysis", 0, 0, results, null, Map.of());
    out.add(new RoundCompleted(runId, out.size(), at(out.size()), round));
    out.add(new RunCompleted(runId, out.size(), at(out.size()), result(runId, RunStatus.COMPLETED)));
    return List.copyOf(out);
  }

  /** The first event of a run. */
  public static RunStarted runStarted(String runId) {
    return new RunStarted(runId, 0, at(0), COUNCIL_ID, Map.of("question", "What is 2 + 2?"), 1, null);
  }

  /** A member's first attempt starting, with a short prompt. */
  public static MemberStarted memberStarted(String runId, long seq, String memberId) {
    return new MemberStarted(runId, seq, at(seq), "answers", 0, 0, memberId, 1, "What is 2 + 2?");
  }

  /** A terminal {@link RunFailed} with one error of {@code kind}. */
  public static RunFailed runFailed(String runId, long seq, ErrorKind kind) {
    CouncilError error = CouncilError.of(kind, "kit failure");
    RunStatus status = kind == ErrorKind.CANCELLED ? RunStatus.CANCELLED : RunStatus.FAILED;
    Result r = new Result(runId, COUNCIL_ID, status, null, List.of(), List.of(error), Usage.ZERO, T0, at(seq),
        Map.of());
    return new RunFailed(runId, seq, at(seq), List.of(error), r);
  }

  /** A successful member result with 10 input and 20 output tokens, one attempt and 5 ms latency. */
  public static MemberResult memberResult(String memberId, String content) {
    return new MemberResult(memberId, MemberStatus.OK, content, null, Usage.of(10, 20), 1,
        Duration.ofMillis(5), null, null, "mock", "kit-model", Map.of());
  }

  /** A run result with no rounds and the given status. */
  public static Result result(String runId, RunStatus status) {
    return new Result(runId, COUNCIL_ID, status, status == RunStatus.COMPLETED ? "4" : null, List.of(),
        List.of(), Usage.of(10, 20), T0, T0.plusSeconds(1), Map.of());
  }

  /** {@link #T0} plus {@code seq} milliseconds. */
  public static Instant at(long seq) {
    return T0.plusMillis(seq);
  }
}
