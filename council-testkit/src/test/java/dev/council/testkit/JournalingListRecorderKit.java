package dev.council.testkit;

import dev.council.api.event.CouncilEvent;
import java.util.List;
import java.util.Optional;

/** {@link JournalingRecorderKit} for a {@link JournalingListRecorder} whose journal has one {@link MapJournal.Defect}. */
abstract class JournalingListRecorderKit extends JournalingRecorderKit<ListRecorder> {

  /** The defect of the journals under test. */
  abstract MapJournal.Defect defect();

  @Override
  protected ListRecorder createRecorder() {
    return new JournalingListRecorder(defect());
  }

  @Override
  protected List<CouncilEvent> recordedEvents(ListRecorder recorder, String runId) {
    return recorder.events(runId);
  }

  @Override
  protected Optional<String> recordedOutcome(ListRecorder recorder, String runId) {
    return recorder.outcomes(runId).stream().findFirst().map(RecorderKit::outcomeKind);
  }
}
