package dev.council.testkit;

/** The correct {@link ListRecorder} passes the whole kit, its failing-sink check included. */
class ListRecorderKitTest extends ListRecorderKit {
  @Override
  ListRecorder.Defect defect() {
    return ListRecorder.Defect.NONE;
  }
}
