package dev.council.engine.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.engine.local.MemoryRecorder;
import dev.council.testkit.RecorderKit;
import dev.council.testkit.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IsolatedRecordingTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final ManualExecutor executor = new ManualExecutor();

  @Test
  void openEventsAndOutcomeReachTheRecorderInOrderAndLater() {
    MemoryRecorder recorder = new MemoryRecorder();
    List<CouncilEvent> events = TestEvents.numbered("r1", 5);

    IsolatedRecording recording = IsolatedRecording.open(recorder, RecorderKit.runInfo("r1"), executor);
    events.forEach(recording::onEvent);
    recording.finish(completed("r1"));

    assertThat(recorder.runIds()).isEmpty();
    executor.runAll();
    assertThat(recorder.events("r1")).containsExactlyElementsOf(events);
    assertThat(recorder.outcome("r1")).containsInstanceOf(RunOutcome.Completed.class);
    assertThat(recording.awaitDrained(Duration.ZERO)).isTrue();
  }

  @Test
  void finishIsDeliveredOnceAndLaterEventsAreDropped() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Recorder recorder = run -> new RunRecording() {
      @Override
      public void onEvent(CouncilEvent event) {
        calls.add(event.type());
      }

      @Override
      public void finish(RunOutcome outcome) {
        calls.add("finish " + RecorderKit.outcomeKind(outcome));
      }
    };

    IsolatedRecording recording = IsolatedRecording.open(recorder, RecorderKit.runInfo("r1"), executor);
    recording.onEvent(TestEvents.runStarted("r1"));
    recording.finish(new RunOutcome.Stopped("terminated"));
    recording.finish(completed("r1"));
    recording.onEvent(TestEvents.memberStarted("r1", 1, "a"));
    executor.runAll();

    assertThat(calls).containsExactly("run_started", "finish stopped");
  }

  @Test
  void aRecorderThatCannotOpenLeavesTheRunUnrecordedAndUnharmed() {
    AtomicInteger opens = new AtomicInteger();
    Recorder recorder = run -> {
      opens.incrementAndGet();
      throw new IllegalStateException("database is down (expected by the test)");
    };

    IsolatedRecording recording = IsolatedRecording.open(recorder, RecorderKit.runInfo("r1"), executor);
    recording.onEvent(TestEvents.runStarted("r1"));
    recording.finish(completed("r1"));
    executor.runAll();

    assertThat(opens).hasValue(1);
    assertThat(recording.awaitDrained(Duration.ZERO)).isTrue();
  }

  @Test
  void aFailingEventIsSkippedAndTheRestIsRecorded() {
    List<Long> recorded = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    Recorder recorder = run -> new RunRecording() {
      @Override
      public void onEvent(CouncilEvent event) {
        if (event.seq() == 1) {
          throw new IllegalStateException("row too large (expected by the test)");
        }
        recorded.add(event.seq());
      }

      @Override
      public void finish(RunOutcome outcome) {
        outcomes.add(RecorderKit.outcomeKind(outcome));
      }
    };

    IsolatedRecording recording = IsolatedRecording.open(recorder, RecorderKit.runInfo("r1"), executor);
    TestEvents.numbered("r1", 4).forEach(recording::onEvent);
    recording.finish(completed("r1"));
    executor.runAll();

    assertThat(recorded).containsExactly(0L, 2L, 3L);
    assertThat(outcomes).containsExactly("completed");
  }

  @Test
  void aSlowRecorderNeverBlocksTheRun() {
    CountDownLatch release = new CountDownLatch(1);
    MemoryRecorder memory = new MemoryRecorder();
    Recorder slow = new Recorder() {
      @Override
      public RunRecording open(RunInfo run) {
        awaitQuietly(release);
        return memory.open(run);
      }
    };
    IsolatedRecording recording = IsolatedRecording.open(slow, RecorderKit.runInfo("r1"));
    try {
      TestEvents.numbered("r1", 20).forEach(recording::onEvent);
      recording.finish(completed("r1"));

      assertThat(recording.awaitDrained(Duration.ZERO)).isFalse();
      assertThat(memory.runIds()).isEmpty();
    } finally {
      release.countDown();
    }
    assertThat(recording.awaitDrained(WAIT)).isTrue();
    assertThat(memory.events("r1")).hasSize(20);
    assertThat(memory.outcome("r1")).isPresent();
  }

  @Test
  void aRecordingThatRecordsNothingQueuesNothing() {
    IsolatedRecording recording = IsolatedRecording.notRecording(RecorderKit.runInfo("r1"), executor);

    TestEvents.numbered("r1", 10).forEach(recording::onEvent);
    recording.finish(completed("r1"));

    assertThat(executor.queued()).isZero();
    assertThat(recording.awaitDrained(Duration.ZERO)).isTrue();
  }

  private static RunOutcome completed(String runId) {
    return new RunOutcome.Completed(TestEvents.result(runId, RunStatus.COMPLETED));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
