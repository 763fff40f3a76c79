package dev.council.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.ErrorKind;
import dev.council.api.event.CouncilEvent;
import dev.council.testkit.RecorderKit;
import dev.council.testkit.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggingTracerTest {

  @Test
  void attachesItselfToEveryRun() {
    LoggingTracer tracer = new LoggingTracer();

    assertThat(tracer.attach(RecorderKit.runInfo("r1"))).containsSame(tracer);
  }

  @Test
  void logsOneLinePerLifecycleEventWithoutPromptsOrAnswers() {
    LoggingTracer tracer = new LoggingTracer();
    List<CouncilEvent> events = TestEvents.completedRun("r1", List.of("a", "b"));

    String logged = captureStandardError(() -> {
      events.forEach(tracer::onEvent);
      tracer.onEvent(TestEvents.runFailed("r2", 1, ErrorKind.CANCELLED));
    });

    assertThat(logged.lines().filter(l -> l.contains("dev.council.run")).toList()).hasSize(7);
    assertThat(logged)
        .contains("run r1 started: council=kit-council attempt=1")
        .contains("run r1 round 0 'answers' (independent_analysis) iteration 0 started: participants=[a, b]")
        .contains("run r1 round answers member a OK: latency=5ms tokens=10/20 attempts=1")
        .contains("run r1 round 0 'answers' iteration 0 completed: ok=2/2")
        .contains("run r1 completed: council=kit-council rounds=0 tokens=10/20")
        .contains("run r2 ended CANCELLED: council=kit-council errors=[CANCELLED: kit failure]")
        .doesNotContain("What is 2 + 2?")
        .doesNotContain("answer from a");
  }

  private static String captureStandardError(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
