package dev.council.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.council.api.RunStatus;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.testkit.RecorderKit;
import dev.council.testkit.TestEvents;
import org.junit.jupiter.api.Test;

class NoopRecorderTest {

  @Test
  void acceptsAWholeRunAndKeepsNoJournal() {
    NoopRecorder recorder = new NoopRecorder();
    RunRecording recording = recorder.open(RecorderKit.runInfo("r1"));

    assertThatCode(() -> {
      TestEvents.numbered("r1", 5).forEach(recording::onEvent);
      recording.finish(new RunOutcome.Completed(TestEvents.result("r1", RunStatus.COMPLETED)));
      recorder.close();
    }).doesNotThrowAnyException();
    assertThat(recorder.journal()).isSameAs(MemberCallJournal.NONE);
  }
}
