package dev.council.recorder.jdbi.example;

import dev.council.api.ErrorKind;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunStarted;
import dev.council.testkit.RecorderKit;
import dev.council.testkit.TestEvents;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guide's example recorder against the recorder contract. The audit log keeps, per event, only the
 * run id, seq and type, which is what the kit compares; reading it back turns each line into a
 * placeholder event of that type carrying them.
 */
class AuditLogRecorderKitTest extends RecorderKit<AuditLogRecorder> {
  private StringWriter log = new StringWriter();

  @Override
  protected AuditLogRecorder createRecorder() {
    log = new StringWriter();
    return new AuditLogRecorder(log);
  }

  @Override
  protected List<CouncilEvent> recordedEvents(AuditLogRecorder recorder, String runId) {
    return lines(runId).stream()
        .filter(words -> words[1].startsWith("#"))
        .map(words -> readBack(runId, Long.parseLong(words[1].substring(1)), words[2]))
        .toList();
  }

  @Override
  protected Optional<String> recordedOutcome(AuditLogRecorder recorder, String runId) {
    return lines(runId).stream()
        .map(words -> switch (words[1]) {
          case "COMPLETED" -> "completed";
          case "CANCELLED" -> "cancelled";
          case "FAILED" -> "failed";
          case "STOPPED" -> "stopped";
          default -> "";
        })
        .filter(kind -> !kind.isEmpty())
        .findFirst();
  }

  /** The log's lines about {@code runId}, split into words. */
  private List<String[]> lines(String runId) {
    synchronized (log) {
      return log.toString().lines().map(line -> line.split(" ")).filter(words -> words[0].equals(runId)).toList();
    }
  }

  private static CouncilEvent readBack(String runId, long seq, String type) {
    Instant at = TestEvents.at(seq);
    return switch (type) {
      case "run_started" -> new RunStarted(runId, seq, at, TestEvents.COUNCIL_ID, Map.of(), 1, null);
      case "round_started" -> new RoundStarted(runId, seq, at, "answers", "independent_analysis", 0, 0, List.of());
      case "member_started" -> new MemberStarted(runId, seq, at, "answers", 0, 0, "m", 1, "");
      case "member_completed" -> new MemberCompleted(runId, seq, at, "answers", 0, 0, TestEvents.memberResult("m", ""));
      case "round_completed" -> new RoundCompleted(runId, seq, at,
          new RoundResult("answers", "independent_analysis", 0, 0, List.of(), null, Map.of()));
      case "run_completed" -> new RunCompleted(runId, seq, at, TestEvents.result(runId, RunStatus.COMPLETED));
      case "run_failed" -> TestEvents.runFailed(runId, seq, ErrorKind.PERMANENT);
      default -> throw new AssertionError("the audit log has a " + type + " line, which this test cannot read back");
    };
  }
}
