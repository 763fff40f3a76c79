package dev.council.providers.internal;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the adapter factories share: their type, {@link #create(String, CouncilConfig)} on the system UTC
 * clock, and the create sequence ({@link #assemble}) in which each type supplies only its own settings and
 * constructor. Subclasses are stateless and thread-safe; creating does no I/O.
 *
 * @param <P> the adapter the factory creates
 */
abstract class AdapterFactory<P extends LlmProvider> implements LlmProviderFactory {
  private final String type;

  AdapterFactory(String type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final LlmProvider create(String providerId, CouncilConfig config) {
    return create(providerId, config, Clock.systemUTC());
  }

  /** Creates the adapter on {@code clock} (tests pass their own). */
  abstract P create(String providerId, CouncilConfig config, Clock clock);

  /** Reads a provider type's own settings; runs before any problem is reported. */
  @FunctionalInterface
  interface Reader<T> {
    /**
     * Reads this type's settings, recording each failed read in {@code problems}.
     *
     * @param settings the common settings, or null when they had problems
     * @return what builds the provider once every read has succeeded
     */
    Builder<T> read(ConfigProblems problems, @Nullable ProviderSettings settings);
  }

  /** Builds a provider from settings that were all read without problems. */
  @FunctionalInterface
  interface Builder<T> {
    T build(ProviderSettings settings, HttpTransport transport);
  }

  /**
   * Creates one provider: reads the common {@link ProviderSettings} and, through {@code reader}, the type's own
   * settings; reports every problem in one {@link ConfigException}; then builds the provider on a fresh
   * {@link HttpTransport}.
   *
   * @throws ConfigException listing every problem with the common and the type's own settings
   */
  static <T> T assemble(String providerId, CouncilConfig config, ProviderSettings.Defaults defaults, Clock clock,
      Reader<T> reader) {
    ConfigProblems problems = new ConfigProblems();
    ProviderSettings settings = problems.read(() -> ProviderSettings.read(providerId, config, defaults));
    Builder<T> builder = reader.read(problems, settings);
    problems.throwIfAny();
    ProviderSettings s = Objects.requireNonNull(settings);
    return builder.build(s, new HttpTransport(s, clock));
  }
}

