package dev.council.engine.trace;

import dev.council.api.AggregateResult;
import dev.council.api.CouncilError;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.Usage;
import dev.council.api.Verbosity;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
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
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Prints a readable timeline of runs to a {@link PrintStream}.
 *
 * <p>{@link Verbosity#TIMELINE} prints the run start (with the council id), each round start and
 * completion (with the aggregate winner when there is one), each member completion (status, duration,
 * tokens in and out, attempts, error) and the run's end (final answer or errors, total tokens); every
 * line carries the time since the run started. {@link Verbosity#DEBUG} adds each attempt's prompt, each
 * response, and tool calls with their arguments and results, each field cut to {@value #MAX_FIELD}
 * characters with a marker saying how many were cut (the final answer is cut the same way at every
 * level). Streamed tokens are not printed (the response appears whole at completion). {@link
 * Verbosity#OFF} prints nothing.
 *
 * <p>Thread-safe: one instance may serve several runs; each event is printed with a single call, so
 * lines of concurrent runs do not mix. Never closes the stream.
 */
public final class VerboseTracer implements CouncilListener {
  /** The longest prompt, response or tool payload printed in DEBUG, in characters. */
  public static final int MAX_FIELD = 800;

  private static final String ROUND = "  ";
  private static final String MEMBER = "    ";
  private static final String DETAIL = "      ";

  private final PrintStream out;
  private final Verbosity level;
  private final Map<String, Instant> startedAt = new ConcurrentHashMap<>();

  public VerboseTracer(PrintStream out, Verbosity level) {
    this.out = Objects.requireNonNull(out, "out");
    this.level = Objects.requireNonNull(level, "level");
  }

  @Override
  public void onEvent(CouncilEvent event) {
    if (level == Verbosity.OFF) {
      return;
    }
    StringBuilder text = new StringBuilder();
    switch (event) {
      case RunStarted e -> {
        startedAt.put(e.runId(), e.timestamp());
        line(text, e, "", "run " + e.runId() + " started: council '" + e.councilId() + "'"
            + (e.attempt() > 1 ? ", attempt " + e.attempt() + " (re-runs " + e.parentRunId() + ")" : ""));
      }
      case RoundStarted e -> line(text, e, ROUND, roundName(e.roundIndex(), e.round(), e.iteration()) + " ("
          + e.roundType() + ") started: " + (e.participants().isEmpty() ? "no members" : String.join(", ", e.participants())));
      case MemberStarted e -> {
        if (debug()) {
          line(text, e, MEMBER, e.memberId() + " attempt " + e.attempt() + " started");
          field(text, "prompt", e.prompt());
        }
      }
      case MemberToken e -> { }
      case ToolCallRequested e -> {
        if (debug()) {
          line(text, e, MEMBER, e.memberId() + " calls tool " + e.call().name());
          field(text, "arguments", String.valueOf(e.call().arguments()));
        }
      }
      case ToolCallCompleted e -> {
        if (debug()) {
          line(text, e, MEMBER, e.memberId() + " tool " + e.result().name()
              + (e.result().failed() ? " failed" : " returned"));
          field(text, e.result().failed() ? "error" : "result",
              e.result().failed() ? e.result().error() : String.valueOf(e.result().result()));
        }
      }
      case MemberCompleted e -> memberCompleted(text, e);
      case RoundCompleted e -> roundCompleted(text, e);
      case RunCompleted e -> {
        runEnded(text, e, e.result());
        if (e.result().answer() != null) {
          field(text, "answer", e.result().answer());
        }
      }
      case RunFailed e -> {
        runEnded(text, e, e.result());
        for (CouncilError error : e.errors()) {
          field(text, "error", describe(error));
        }
      }
    }
    if (!text.isEmpty()) {
      out.print(text);
      out.flush();
    }
  }

  private void memberCompleted(StringBuilder text, MemberCompleted e) {
    MemberResult r = e.result();
    StringBuilder s = new StringBuilder(r.memberId()).append(' ').append(r.status())
        .append(" in ").append(duration(r.latency()))
        .append(", ").append(tokens(r.usage()))
        .append(", ").append(r.attempts()).append(r.attempts() == 1 ? " attempt" : " attempts");
    if (r.confidence() != null) {
      s.append(String.format(Locale.ROOT, ", confidence %.2f", r.confidence()));
    }
    if (r.error() != null) {
      s.append(": ").append(r.error().kind()).append(' ').append(r.error().message());
    }
    line(text, e, MEMBER, s.toString());
    if (debug() && r.content() != null) {
      field(text, "response", r.content());
    }
  }

  private void roundCompleted(StringBuilder text, RoundCompleted e) {
    RoundResult r = e.result();
    StringBuilder s = new StringBuilder(roundName(r.index(), r.name(), r.iteration())).append(" completed: ")
        .append(r.successful().size()).append(" of ").append(r.members().size()).append(" ok");
    AggregateResult aggregate = r.aggregate();
    if (aggregate != null) {
      if (aggregate.winner() != null) {
        s.append(", winner '").append(aggregate.winner()).append("' (").append(aggregate.aggregator()).append(')');
      } else if (aggregate.noWinnerReason() != null) {
        s.append(", no winner: ").append(aggregate.noWinnerReason()).append(" (").append(aggregate.aggregator()).append(')');
      }
    }
    dev.council.api.AutoChoice.fromMap(r.metadata().get(dev.council.api.ResultMetadata.AUTO)).ifPresent(c ->
        s.append(", chose '").append(c.chosen()).append("' by ").append(c.strategy()).append(" in ")
            .append(c.latencyMillis()).append("ms: ").append(c.reason()));
    line(text, e, ROUND, s.toString());
  }

  private void runEnded(StringBuilder text, CouncilEvent e, Result r) {
    int rounds = r.rounds().size();
    line(text, e, "", "run " + e.runId() + " " + r.status() + ": " + rounds + (rounds == 1 ? " round, " : " rounds, ")
        + tokens(r.usage()) + (r.usage().cost() != null ? String.format(Locale.ROOT, ", cost $%.4f", r.usage().cost()) : ""));
    startedAt.remove(e.runId());
  }

  private void line(StringBuilder text, CouncilEvent e, String indent, String message) {
    Instant start = startedAt.get(e.runId());
    String elapsed = start == null ? "" : "[+" + duration(Duration.between(start, e.timestamp())) + "] ";
    text.append(elapsed).append(indent).append(message).append(System.lineSeparator());
  }

  /** Prints {@code value} under a label, continuation lines indented, cut to {@value #MAX_FIELD} characters. */
  private static void field(StringBuilder text, String label, @Nullable String value) {
    String shown = truncate(value == null ? "" : value, MAX_FIELD);
    String continuation = System.lineSeparator() + DETAIL + " ".repeat(label.length() + 2);
    text.append(DETAIL).append(label).append(": ")
        .append(shown.replace("\r\n", "\n").replace("\n", continuation))
        .append(System.lineSeparator());
  }

  /**
   * {@code text} cut to {@code max} characters followed by a marker such as {@code ... [212 more
   * characters cut]}; unchanged when short enough. Never splits a surrogate pair.
   */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int cut = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, cut) + "... [" + (text.length() - cut) + " more characters cut]";
  }

  private boolean debug() {
    return level == Verbosity.DEBUG;
  }

  private static String roundName(int index, String name, int iteration) {
    return "round " + index + " '" + name + "'" + (iteration > 0 ? " iteration " + iteration : "");
  }

  private static String tokens(Usage usage) {
    return "tokens " + usage.inputTokens() + " in / " + usage.outputTokens() + " out";
  }

  private static String describe(CouncilError error) {
    StringBuilder s = new StringBuilder().append(error.kind()).append(' ').append(error.message());
    if (error.memberId() != null || error.round() != null) {
      s.append(" (");
      if (error.memberId() != null) {
        s.append("member ").append(error.memberId());
      }
      if (error.round() != null) {
        s.append(error.memberId() != null ? ", " : "").append("round ").append(error.round());
      }
      s.append(')');
    }
    return s.toString();
  }

  static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    return String.format(Locale.ROOT, "%.2fs", millis / 1000.0);
  }
}
