package dev.council.api.spi;

import dev.council.api.event.CouncilEvent;

/**
 * The recording of one run. Called from one thread at a time: every event in publish order, then
 * {@link #finish} exactly once.
 */
public interface RunRecording {

  void onEvent(CouncilEvent event);

  void finish(RunOutcome outcome);
}
