package dev.council.testkit;

import dev.council.testkit.ListRecorder.Defect;

/**
 * {@link RecorderKit} runs against deliberately broken recorders, one per defect. They are not tests
 * of their own (the names keep the build from running them); {@link RecorderKitCatchesBrokenRecordersTest}
 * runs each and checks that the kit fails it for its defect.
 */
final class BrokenRecorderKits {
  private BrokenRecorderKits() {}

  static final class AcceptsSecondFinish extends ListRecorderKit {
    @Override
    Defect defect() {
      return Defect.ACCEPTS_SECOND_FINISH;
    }
  }

  static final class RecordsTwoOutcomes extends ListRecorderKit {
    @Override
    Defect defect() {
      return Defect.RECORDS_TWO_OUTCOMES;
    }
  }

  static final class RecordsAfterFinish extends ListRecorderKit {
    @Override
    Defect defect() {
      return Defect.RECORDS_AFTER_FINISH;
    }
  }

  static final class ReversesOrder extends ListRecorderKit {
    @Override
    Defect defect() {
      return Defect.REVERSES_ORDER;
    }
  }

  static final class DropsUnknownTypes extends ListRecorderKit {
    @Override
    Defect defect() {
      return Defect.DROPS_UNKNOWN_TYPES;
    }
  }

  static final class DuplicatesEvents extends ListRecorderKit {
    @Override
    Defect defect() {
      return Defect.DUPLICATES_EVENTS;
    }
  }

  static final class LetsSinkFailuresThrough extends ListRecorderKit {
    @Override
    Defect defect() {
      return Defect.LETS_SINK_FAILURES_THROUGH;
    }
  }
}
