package dev.council.docs;

import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import java.util.List;
import java.util.Optional;

/**
 * docs/persistence.md: the outline of {@code dev.council.api.spi.Recorder} and {@code RunRecording};
 * {@code SnippetsRunTest} checks that each method here exists in the real interface.
 */
final class RecorderOutline {
  private RecorderOutline() {}

public interface Recorder extends AutoCloseable {
  RunRecording open(RunInfo run);                              // once per run, before its first event
  default MemberCallJournal journal() { return MemberCallJournal.NONE; }
  default Optional<ResumableRun> resumable(String runId) { return Optional.empty(); }  // resume, rerun
  default void claim(String runId, String ownerNode) {}                                 // before resume
  default List<String> unfinishedRuns(String ownerNode) { return List.of(); }          // recovery
  default void markStuck(String runId) {}                                              // recovery
  default void close() {}
}
public interface RunRecording {
  void onEvent(CouncilEvent event);                            // every event, in publish order
  void finish(RunOutcome outcome);                             // exactly once: Completed, Cancelled, Failed or Stopped
}
}
