package dev.council.recorder.jdbi.example;

import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends one line per run opening, event and outcome to a {@link Writer}: the smallest recorder that
 * keeps the contract. It writes on the caller's thread, which is fine for a fast local sink; a slow
 * sink needs a buffer and a writer thread, as {@code JdbiRecorder} has. A failed write never reaches
 * the run: it is counted in {@link #failedWrites()}. Thread-safe: runs record concurrently.
 */
public final class AuditLogRecorder implements Recorder {
  private final Writer out;
  private final AtomicLong failedWrites = new AtomicLong();

  public AuditLogRecorder(Writer out) {
    this.out = out;
  }

  @Override
  public RunRecording open(RunInfo run) {
    line(run.runId() + " open council=" + run.council().id() + " attempt=" + run.attempt());
    return new RunRecording() {
      private boolean finished;

      @Override
      public void onEvent(CouncilEvent event) {
        if (!finished) {
          line(event.runId() + " #" + event.seq() + " " + event.type());
        }
      }

      @Override
      public void finish(RunOutcome outcome) {
        if (finished) {
          return;
        }
        finished = true;
        line(run.runId() + " " + switch (outcome) {
          case RunOutcome.Completed c -> "COMPLETED";
          case RunOutcome.Cancelled c -> "CANCELLED";
          case RunOutcome.Failed f -> "FAILED " + f.result().errors().size() + " error(s)";
          case RunOutcome.Stopped s -> "STOPPED " + s.reason();
        });
      }
    };
  }

  /** Lines that could not be written. */
  public long failedWrites() {
    return failedWrites.get();
  }

  @Override
  public void close() {
    synchronized (out) {
      try {
        out.flush();
      } catch (IOException e) {
        failedWrites.incrementAndGet();
      }
    }
  }

  private void line(String text) {
    synchronized (out) {
      try {
        out.write(text);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        failedWrites.incrementAndGet();
      }
    }
  }
}
