package dev.council.cli;

import dev.council.api.CouncilError;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.cli.Seats.Seat;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The block printed after the timeline: the final answer (or why there is none), then status, rounds,
 * member calls, tokens, duration, and whether the answers were simulated. Stateless.
 */
final class AnswerBlock {
  private static final String RULE = "=".repeat(72);
  private static final String THIN = "-".repeat(72);

  private AnswerBlock() {}

  static void print(PrintStream out, Result r, List<Seat> simulated) {
    out.println();
    out.println(RULE);
    out.println(r.status() == RunStatus.COMPLETED ? "FINAL ANSWER"
        : "RUN " + r.status() + (r.answer() == null ? " - no final answer" : " - partial answer"));
    out.println(RULE);
    if (r.answer() != null) {
      out.println(r.answer().strip());
    } else if (r.status() == RunStatus.COMPLETED && !r.rounds().isEmpty()) {
      lastAnswers(out, r.rounds().getLast());
    }
    if (!r.errors().isEmpty()) {
      if (r.answer() != null) {
        out.println();
      }
      out.println("Errors:");
      for (CouncilError e : r.errors()) {
        out.println("  " + describe(e));
      }
    }
    out.println(THIN);
    out.println("status " + r.status() + " | council '" + r.councilId() + "' | run " + r.runId());
    out.println(rounds(r.rounds()) + ", " + calls(r) + " | " + tokens(r.usage()) + " | took "
        + duration(Duration.between(r.startedAt(), r.finishedAt())));
    if (!simulated.isEmpty()) {
      out.println("SIMULATED: answers come from the offline simulated provider (members "
          + simulated.stream().map(Seat::describe).collect(Collectors.joining(", "))
          + "), not from a real model; docs/providers.md shows how to use real ones.");
    }
    if (r.status() != RunStatus.COMPLETED) {
      out.println("The run did not complete; see the errors above and the timeline for each member.");
    }
  }

  /** A council without a chair or deciding round ends with one answer per member: show them all. */
  private static void lastAnswers(PrintStream out, RoundResult last) {
    out.println("(no single final answer: the council has no chair or deciding round, so here is each answer of"
        + " its last round, '" + last.name() + "')");
    for (MemberResult m : last.members()) {
      if (m.ok() && m.content() != null) {
        out.println();
        out.println("--- " + m.memberId() + " ---");
        out.println(m.content().strip());
      }
    }
  }

  private static String rounds(List<RoundResult> rounds) {
    return rounds.size() + (rounds.size() == 1 ? " round" : " rounds");
  }

  private static String calls(Result result) {
    long n = result.memberCalls();
    long failed = result.failedMemberCalls();
    return n + (n == 1 ? " member call" : " member calls") + (failed > 0 ? " (" + failed + " failed)" : "");
  }

  static String tokens(Usage u) {
    return "tokens " + u.inputTokens() + " in / " + u.outputTokens() + " out (" + u.totalTokens() + " total)"
        + (u.cost() == null ? "" : String.format(Locale.ROOT, ", cost $%.4f", u.cost()));
  }

  private static String describe(CouncilError e) {
    StringBuilder s = new StringBuilder(e.kind().name()).append(": ").append(e.message());
    if (e.memberId() != null) {
      s.append(" (member '").append(e.memberId()).append("'");
      if (e.round() != null) {
        s.append(", round '").append(e.round()).append("'");
      }
      s.append(')');
    } else if (e.round() != null) {
      s.append(" (round '").append(e.round()).append("')");
    }
    return s.toString();
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + "ms" : String.format(Locale.ROOT, "%.2fs", ms / 1000.0);
  }
}
