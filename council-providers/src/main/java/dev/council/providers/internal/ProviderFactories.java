package dev.council.providers.internal;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The create sequence every provider factory shares: read the common {@link ProviderSettings} and the
 * type's own settings, report every problem in one {@link ConfigException}, then build the provider on a
 * fresh {@link HttpTransport}. Stateless; does no I/O.
 */
final class ProviderFactories {
  private ProviderFactories() {}

  /** Reads a provider type's own settings; runs before any problem is reported. */
  @FunctionalInterface
  interface Reader<P> {
    /**
     * Reads this type's settings, recording each failed read in {@code problems}.
     *
     * @param settings the common settings, or null when they had problems
     * @return what builds the provider once every read has succeeded
     */
    Builder<P> read(ConfigProblems problems, @Nullable ProviderSettings settings);
  }

  /** Builds a provider from settings that were all read without problems. */
  @FunctionalInterface
  interface Builder<P> {
    P build(ProviderSettings settings, HttpTransport transport);
  }

  /**
   * Creates one provider.
   *
   * @throws ConfigException listing every problem with the common and the type's own settings
   */
  static <P> P create(String providerId, CouncilConfig config, ProviderSettings.Defaults defaults, Clock clock,
      Reader<P> reader) {
    ConfigProblems problems = new ConfigProblems();
    ProviderSettings settings = problems.read(() -> ProviderSettings.read(providerId, config, defaults));
    Builder<P> builder = reader.read(problems, settings);
    problems.throwIfAny();
    ProviderSettings s = Objects.requireNonNull(settings);
    return builder.build(s, new HttpTransport(s, clock));
  }
}
