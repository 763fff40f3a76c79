package dev.council.engine.local;

import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;

/**
 * The {@code none} recorder: records nothing and keeps no journal. The default in single-node mode.
 *
 * <p>Stateless and thread-safe.
 */
public final class NoopRecorder implements Recorder {
  private static final RunRecording NOTHING = new RunRecording() {
    @Override
    public void onEvent(CouncilEvent event) {}

    @Override
    public void finish(RunOutcome outcome) {}
  };

  @Override
  public RunRecording open(RunInfo run) {
    return NOTHING;
  }
}
