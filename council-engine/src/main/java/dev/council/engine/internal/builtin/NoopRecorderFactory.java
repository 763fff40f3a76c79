package dev.council.engine.internal.builtin;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RecorderFactory;
import dev.council.engine.local.NoopRecorder;

/** Creates the {@code none} {@link Recorder} ({@link NoopRecorder}). Stateless; performs no I/O. */
public final class NoopRecorderFactory implements RecorderFactory {
  @Override
  public String name() {
    return "none";
  }

  @Override
  public Recorder create(CouncilConfig config) {
    return new NoopRecorder();
  }
}
