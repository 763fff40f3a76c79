package dev.council.engine.internal.builtin;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.engine.provider.SimulatedProvider;
import java.time.Duration;
import java.util.List;

/**
 * Creates {@link SimulatedProvider}s for {@code council.providers.<id>.type=simulated}, reading
 * {@code council.providers.<id>.latency} (wait before each answer, default 0) and
 * {@code council.providers.<id>.chunk-delay} (wait before each streamed word, default 0). Both malformed
 * settings are reported at once. Stateless; performs no I/O.
 */
public final class SimulatedProviderFactory implements LlmProviderFactory {
  /** The type name configuration refers to. */
  public static final String TYPE = "simulated";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LlmProvider create(String providerId, CouncilConfig config) {
    String prefix = "council.providers." + providerId + ".";
    Duration[] settings = new Duration[2];
    config.validate(List.of(
        () -> settings[0] = config.getDuration(prefix + "latency", Duration.ZERO),
        () -> settings[1] = config.getDuration(prefix + "chunk-delay", Duration.ZERO)));
    return SimulatedProvider.create(providerId, settings[0], settings[1]);
  }
}
