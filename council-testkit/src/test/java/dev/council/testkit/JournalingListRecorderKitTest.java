package dev.council.testkit;

/** The correct {@link MapJournal} passes the whole journaling kit. */
class JournalingListRecorderKitTest extends JournalingListRecorderKit {
  @Override
  MapJournal.Defect defect() {
    return MapJournal.Defect.NONE;
  }
}
