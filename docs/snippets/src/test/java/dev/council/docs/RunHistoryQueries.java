package dev.council.docs;

import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RunInfo;
import dev.council.engine.CouncilEngine;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.RunHistory;
import dev.council.recorder.jdbi.RunQuery;
import dev.council.recorder.jdbi.StoredEvent;
import dev.council.recorder.jdbi.StoredRun;
import dev.council.recorder.jdbi.StoredRunStatus;
import java.time.Instant;
import java.util.List;

/** docs/persistence.md: queries on the run history. */
final class RunHistoryQueries {
  private RunHistoryQueries() {}

  static void queries(JdbiRecorder recorder, Instant startOfDay, String runId) {
    RunHistory history = recorder.history();

    // Newest first; filters combine. Time range is [from, to) on started_at.
    List<StoredRun> failedToday = history.runs(RunQuery.all()
        .withStatuses(StoredRunStatus.FAILED, StoredRunStatus.CANCELLED)
        .withCouncilId("advisor")
        .startedBetween(startOfDay, null)
        .withLimit(50));

    // Keyset paging: stable while new runs arrive. Offset paging (withOffset) works too.
    RunQuery page = RunQuery.all().withLimit(100);
    for (List<StoredRun> runs = history.runs(page); !runs.isEmpty(); runs = history.runs(page)) {
      show(runs);
      page = page.after(runs.get(runs.size() - 1));
    }

    // One run with its typed Result and errors.
    StoredRun run = history.run(runId).orElseThrow();
    run.status(); run.result(); run.errors(); run.answer(); run.droppedEvents();

    // Replay events from a sequence number, e.g. for a UI that reconnects after event 41.
    List<StoredEvent> next = history.events(runId, 42, 500);   // payload is a Map<String, Object>

    // Recovery helpers: what a node left running, and marking it (or one run) STUCK.
    List<String> orphans = history.runningRunsOwnedBy("node-7");
    List<String> marked = history.markStuck("node-7");
    boolean wasRunning = history.markRunStuck(runId);

    // What a run was opened with, with its Council read back: the source for resuming it.
    RunInfo info = history.runInfo(runId).orElseThrow();
    // The same, with the seq its next event gets and whether it is finished (what engine.resume uses).
    ResumableRun resumable = history.resumable(runId).orElseThrow();
  }

  /** The history of an engine built from configuration (council.recorder=jdbi, council.jdbc.* set). */
  static void fromEngine() {
    try (CouncilEngine engine = CouncilEngine.create()) {   // council.recorder=jdbi, council.jdbc.* set
      RunHistory history = RunHistory.from(engine.recorder());
      List<StoredRun> recent = history.runs(RunQuery.all().withLimit(20));
    }
  }

  private static void show(List<StoredRun> runs) {
    runs.forEach(run -> System.out.println(run.runId() + " " + run.status()));
  }
}
