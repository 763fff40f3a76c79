package dev.council.api.spi;

import dev.council.api.config.CouncilConfig;

/** Creates the {@link Recorder} selected by {@code council.recorder}. Stateless; performs no I/O. */
public interface RecorderFactory {
  String name();

  Recorder create(CouncilConfig config);
}
