package dev.council.recorder.jdbi.example;

import dev.council.testkit.EventKey;
import dev.council.testkit.RecorderKit;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/**
 * The guide's example recorder against the recorder contract. The audit log keeps, per event, only the
 * run id, seq and type, which is what the kit compares, so the read-back returns {@link EventKey}s
 * parsed from its lines. A second recorder writes to a {@link Writer} that always fails, for the kit's
 * failing-sink check.
 */
class AuditLogRecorderKitTest extends RecorderKit<AuditLogRecorder> {
  private StringWriter log = new StringWriter();

  @Override
  protected AuditLogRecorder createRecorder() {
    log = new StringWriter();
    return new AuditLogRecorder(log);
  }

  @Override
  protected Optional<AuditLogRecorder> createRecorderWithFailingSink() {
    return Optional.of(new AuditLogRecorder(new Writer() {
      @Override
      public void write(char[] buffer, int offset, int length) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void flush() throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void close() {}
    }));
  }

  @Override
  protected List<EventKey> recordedEventKeys(AuditLogRecorder recorder, String runId) {
    return lines(runId).stream()
        .filter(words -> words[1].startsWith("#"))
        .map(words -> new EventKey(runId, Long.parseLong(words[1].substring(1)), words[2]))
        .toList();
  }

  @Override
  protected Optional<String> recordedOutcome(AuditLogRecorder recorder, String runId) {
    return recordedOutcomes(recorder, runId).stream().findFirst();
  }

  /** Every outcome line of the run: the log is append-only, so a second finish would show here. */
  @Override
  protected List<String> recordedOutcomes(AuditLogRecorder recorder, String runId) {
    return lines(runId).stream()
        .map(words -> switch (words[1]) {
          case "COMPLETED" -> "completed";
          case "CANCELLED" -> "cancelled";
          case "FAILED" -> "failed";
          case "STOPPED" -> "stopped";
          default -> "";
        })
        .filter(kind -> !kind.isEmpty())
        .toList();
  }

  /** The log's lines about {@code runId}, split into words. */
  private List<String[]> lines(String runId) {
    synchronized (log) {
      return log.toString().lines().map(line -> line.split(" ")).filter(words -> words[0].equals(runId)).toList();
    }
  }
}
