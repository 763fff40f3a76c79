package dev.council.recorder.jdbi.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunFailed;
import dev.council.api.event.RunStarted;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogRecorderTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final Council COUNCIL = Council.builder("advisor").member(Member.builder("a").build())
      .round("independent_analysis").build();
  private static final RunInfo RUN = new RunInfo("run-1", COUNCIL, Map.of("q", "?"), 1, null, "node-a", T);

  private static Result failed() {
    return new Result("run-1", "advisor", RunStatus.FAILED, null, List.of(),
        List.of(CouncilError.of(ErrorKind.PERMANENT, "no member succeeded")), Usage.ZERO, T, T.plusSeconds(1), Map.of());
  }

  @Test
  void writesALinePerEventAndOneOutcomeLine() {
    StringWriter out = new StringWriter();
    try (AuditLogRecorder recorder = new AuditLogRecorder(out)) {
      RunRecording recording = recorder.open(RUN);
      recording.onEvent(new RunStarted("run-1", 0, T, "advisor", Map.of("q", "?"), 1, null));
      recording.onEvent(new RoundStarted("run-1", 1, T, "independent_analysis", "independent_analysis", 0, 0,
          List.of("a")));
      recording.onEvent(new RunFailed("run-1", 2, T, failed().errors(), failed()));
      recording.finish(new RunOutcome.Failed(failed()));
      recording.finish(new RunOutcome.Stopped("again"));
      recording.onEvent(new RoundStarted("run-1", 3, T, "late", "late", 1, 0, List.of()));
    }

    assertThat(out.toString().lines()).containsExactly("run-1 open council=advisor attempt=1", "run-1 #0 run_started",
        "run-1 #1 round_started", "run-1 #2 run_failed", "run-1 FAILED 1 error(s)");
  }

  @Test
  void aFailingSinkNeverReachesTheRunAndIsCounted() {
    Writer broken = new Writer() {
      @Override
      public void write(char[] buf, int off, int len) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    AuditLogRecorder recorder = new AuditLogRecorder(broken);

    RunRecording recording = recorder.open(RUN);
    recording.onEvent(new RunStarted("run-1", 0, T, "advisor", Map.of(), 1, null));
    recording.finish(new RunOutcome.Stopped("terminated"));

    assertThat(recorder.failedWrites()).isEqualTo(3);
  }
}
