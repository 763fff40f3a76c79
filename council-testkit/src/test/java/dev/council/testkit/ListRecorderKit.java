package dev.council.testkit;

import dev.council.api.event.CouncilEvent;
import java.util.List;
import java.util.Optional;

/** {@link RecorderKit} for a {@link ListRecorder} with one {@link ListRecorder.Defect}. */
abstract class ListRecorderKit extends RecorderKit<ListRecorder> {

  /** The defect of the recorders under test. */
  abstract ListRecorder.Defect defect();

  @Override
  protected ListRecorder createRecorder() {
    return new ListRecorder(defect(), false);
  }

  @Override
  protected Optional<ListRecorder> createRecorderWithFailingSink() {
    return Optional.of(new ListRecorder(defect(), true));
  }

  @Override
  protected List<CouncilEvent> recordedEvents(ListRecorder recorder, String runId) {
    return recorder.events(runId);
  }

  @Override
  protected Optional<String> recordedOutcome(ListRecorder recorder, String runId) {
    return recorder.outcomes(runId).stream().findFirst().map(RecorderKit::outcomeKind);
  }

  @Override
  protected List<String> recordedOutcomes(ListRecorder recorder, String runId) {
    return recorder.outcomes(runId).stream().map(RecorderKit::outcomeKind).toList();
  }
}
