package dev.council.testkit;

import dev.council.testkit.MapJournal.Defect;

/**
 * {@link JournalingRecorderKit} runs against recorders with deliberately broken journals, one per defect,
 * run by {@link JournalingRecorderKitCatchesBrokenJournalsTest} (the names keep the build from running
 * them on their own).
 */
final class BrokenJournalKits {
  private BrokenJournalKits() {}

  static final class IgnoresTheRun extends JournalingListRecorderKit {
    @Override
    Defect defect() {
      return Defect.IGNORES_THE_RUN;
    }
  }

  static final class IgnoresRoundAndIteration extends JournalingListRecorderKit {
    @Override
    Defect defect() {
      return Defect.IGNORES_ROUND_AND_ITERATION;
    }
  }

  static final class EvictsOldEntries extends JournalingListRecorderKit {
    @Override
    Defect defect() {
      return Defect.EVICTS_OLD_ENTRIES;
    }
  }

  static final class ForgetsARunWhenItFinishes extends JournalingListRecorderKit {
    @Override
    Defect defect() {
      return Defect.FORGETS_A_RUN_WHEN_IT_FINISHES;
    }
  }
}
