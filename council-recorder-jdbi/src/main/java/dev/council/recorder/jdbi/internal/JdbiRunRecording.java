package dev.council.recorder.jdbi.internal;

import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.recorder.jdbi.EventFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's single writer: filters its events and hands them to the {@link EventWriter}. Called from
 * one thread at a time; never blocks on I/O and never throws.
 */
final class JdbiRunRecording implements RunRecording {
  private static final Logger LOG = LoggerFactory.getLogger(JdbiRunRecording.class);

  private final RunState run;
  private final EventFilter filter;
  private final EventWriter writer;

  JdbiRunRecording(RunState run, EventFilter filter, EventWriter writer) {
    this.run = run;
    this.filter = filter;
    this.writer = writer;
  }

  @Override
  public void onEvent(CouncilEvent event) {
    try {
      if (run.finished()) {
        writer.rejectLate(run, event);
        return;
      }
      run.saw(event.seq());
      if (filter.accepts(event.type())) {
        writer.submitEvent(run, event);
      }
    } catch (RuntimeException e) {
      LOG.warn("council recorder could not take {} event #{} of run {}", event.type(), event.seq(), run.runId(), e);
    }
  }

  @Override
  public void finish(RunOutcome outcome) {
    try {
      if (run.finished()) {
        LOG.warn("council recorder: finish({}) called again for run {}; the first outcome stands",
            outcome.getClass().getSimpleName(), run.runId());
        return;
      }
      run.markFinished();
      writer.submitFinish(run, outcome);
    } catch (RuntimeException e) {
      LOG.warn("council recorder could not take the outcome of run {}", run.runId(), e);
    }
  }

  @Override
  public String toString() {
    return "JdbiRunRecording{" + run.runId() + "}";
  }
}
