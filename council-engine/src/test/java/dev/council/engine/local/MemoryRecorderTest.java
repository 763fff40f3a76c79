package dev.council.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.testkit.JournalingRecorderKit;
import dev.council.testkit.TestEvents;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryRecorderTest extends JournalingRecorderKit<MemoryRecorder> {

  @Override
  protected MemoryRecorder createRecorder() {
    return new MemoryRecorder();
  }

  @Override
  protected List<CouncilEvent> recordedEvents(MemoryRecorder recorder, String runId) {
    return recorder.events(runId);
  }

  @Override
  protected Optional<String> recordedOutcome(MemoryRecorder recorder, String runId) {
    return recorder.outcome(runId).map(JournalingRecorderKit::outcomeKind);
  }

  @Test
  void keepsTheEventsThemselvesTheRunInfoAndTheFirstOutcome() {
    MemoryRecorder recorder = new MemoryRecorder();
    List<CouncilEvent> events = TestEvents.completedRun("r1", List.of("a", "b"));
    RunRecording recording = recorder.open(JournalingRecorderKit.runInfo("r1"));
    events.forEach(recording::onEvent);
    RunOutcome.Completed first = new RunOutcome.Completed(TestEvents.result("r1", RunStatus.COMPLETED));

    recording.finish(first);
    recording.finish(new RunOutcome.Stopped("a second finish is ignored"));

    assertThat(recorder.events("r1")).containsExactlyElementsOf(events);
    assertThat(recorder.outcome("r1")).containsSame(first);
    assertThat(recorder.info("r1")).map(info -> info.council().id()).contains(TestEvents.COUNCIL_ID);
    assertThat(recorder.runIds()).containsExactly("r1");
  }

  @Test
  void reopeningARunContinuesItsRecording() {
    MemoryRecorder recorder = new MemoryRecorder();
    recorder.open(JournalingRecorderKit.runInfo("r1")).onEvent(TestEvents.runStarted("r1"));

    recorder.open(JournalingRecorderKit.runInfo("r1")).onEvent(TestEvents.memberStarted("r1", 1, "a"));

    assertThat(recorder.events("r1")).extracting(CouncilEvent::seq).containsExactly(0L, 1L);
  }
}
