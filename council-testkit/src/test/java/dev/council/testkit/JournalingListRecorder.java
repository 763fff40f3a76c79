package dev.council.testkit;

import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;

/** A correct {@link ListRecorder} that keeps a {@link MapJournal}, which may have a {@link MapJournal.Defect}. */
final class JournalingListRecorder extends ListRecorder {
  private final MapJournal journal;

  JournalingListRecorder(MapJournal.Defect defect) {
    super(Defect.NONE, false);
    this.journal = new MapJournal(defect);
  }

  @Override
  public MemberCallJournal journal() {
    return journal;
  }

  @Override
  public RunRecording open(RunInfo run) {
    RunRecording recording = super.open(run);
    return new RunRecording() {
      @Override
      public void onEvent(CouncilEvent event) {
        recording.onEvent(event);
      }

      @Override
      public void finish(RunOutcome outcome) {
        recording.finish(outcome);
        journal.finished(run.runId());
      }
    };
  }
}
