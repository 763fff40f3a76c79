package dev.council.api.spi;

import dev.council.api.config.CouncilConfig;

/**
 * Creates the {@link Recorder} selected by {@code council.recorder}. Stateless. Performs no I/O, except
 * an optional short, bounded check that the recorder can work (e.g. logging in to its database), so that
 * a recorder that cannot work fails the engine's start with the cause instead of silently storing
 * nothing; a recorder that may start anyway reports the problem through {@link Recorder#problem()}.
 */
public interface RecorderFactory {
  String name();

  Recorder create(CouncilConfig config);
}
