package dev.council.engine.internal.builtin;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RecorderFactory;
import dev.council.engine.local.MemoryRecorder;

/** Creates the {@code memory} {@link Recorder} ({@link MemoryRecorder}). Stateless; performs no I/O. */
public final class MemoryRecorderFactory implements RecorderFactory {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Recorder create(CouncilConfig config) {
    return new MemoryRecorder();
  }
}
