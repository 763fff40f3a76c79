package dev.council.recorder.jdbi.internal;

import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import java.time.Instant;

/** Something waiting in the write buffer: a run's opening, one of its events, or its outcome. Immutable. */
sealed interface Item {
  RunState run();

  record Open(RunState run, RunInfo info) implements Item {}

  /** @param payload the event as stored, {@link Json#writeEvent} built on the recording thread */
  record Event(RunState run, CouncilEvent event, String payload) implements Item {}

  /**
   * @param at when finish was called; the finish time of a {@link RunOutcome.Stopped} run
   * @param lastSeq the highest seq the run emitted
   */
  record Finish(RunState run, RunOutcome outcome, Instant at, long lastSeq) implements Item {}
}
