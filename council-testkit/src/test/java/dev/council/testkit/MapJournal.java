package dev.council.testkit;

import dev.council.api.MemberResult;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.MemberCallJournal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A member-call journal in a map. With {@link Defect#NONE} it follows {@link MemberCallJournal}'s contract;
 * each other {@link Defect} breaks exactly one of its rules, so the kit tests can show that {@link
 * JournalingRecorderKit} catches it.
 */
final class MapJournal implements MemberCallJournal {

  /** One way to break the journal contract. */
  enum Defect {
    /** Follows the contract. */
    NONE,
    /** Keys entries by round, iteration and member only, so one run finds another run's entry. */
    IGNORES_THE_RUN,
    /** Keys entries by run and member only, so one round's entry answers for every round and iteration. */
    IGNORES_ROUND_AND_ITERATION,
    /** Keeps the 8 newest entries, as a cache would, forgetting older ones. */
    EVICTS_OLD_ENTRIES,
    /** Forgets a run's entries when its recording finishes, whatever the outcome. */
    FORGETS_A_RUN_WHEN_IT_FINISHES
  }

  private static final int CACHE_SIZE = 8;

  private final Defect defect;
  private final Map<CallKey, MemberResult> entries = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<CallKey, MemberResult> eldest) {
      return defect == Defect.EVICTS_OLD_ENTRIES && size() > CACHE_SIZE;
    }
  };

  MapJournal(Defect defect) {
    this.defect = defect;
  }

  @Override
  public synchronized Optional<MemberResult> find(CallKey key) {
    return Optional.ofNullable(entries.get(stored(key)));
  }

  @Override
  public synchronized void record(CallKey key, String requestHash, MemberResult result) {
    entries.put(stored(key), result);
  }

  /** Called when the recording of {@code runId} finishes. */
  synchronized void finished(String runId) {
    if (defect == Defect.FORGETS_A_RUN_WHEN_IT_FINISHES) {
      entries.keySet().removeIf(key -> key.runId().equals(runId));
    }
  }

  private CallKey stored(CallKey key) {
    return switch (defect) {
      case IGNORES_THE_RUN -> new CallKey("", key.roundIndex(), key.iteration(), key.memberId());
      case IGNORES_ROUND_AND_ITERATION -> new CallKey(key.runId(), 0, 0, key.memberId());
      default -> key;
    };
  }
}
