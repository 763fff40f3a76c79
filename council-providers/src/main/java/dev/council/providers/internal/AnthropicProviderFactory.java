package dev.council.providers.internal;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Creates {@code anthropic} providers (the Messages API). Settings under {@code council.providers.<id>.}:
 * the common ones (see {@link ProviderSettings}) plus {@code max-tokens}, the output limit sent when a
 * request sets none (the API requires one; default {@value #DEFAULT_MAX_TOKENS}). Environment:
 * {@code ANTHROPIC_API_KEY}, {@code ANTHROPIC_BASE_URL}.
 *
 * <p>Stateless and thread-safe; {@link #create} does no I/O.
 */
public final class AnthropicProviderFactory extends AdapterFactory<AnthropicProvider> {
  static final String TYPE = "anthropic";
  static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
  static final int DEFAULT_MAX_TOKENS = 1024;
  static final ProviderSettings.Defaults DEFAULTS = new ProviderSettings.Defaults(TYPE, DEFAULT_BASE_URL,
      List.of("ANTHROPIC_BASE_URL"), List.of("ANTHROPIC_API_KEY"));

  /** The factory the service loader creates. */
  public AnthropicProviderFactory() {
    super(TYPE);
  }

  @Override
  AnthropicProvider create(String providerId, CouncilConfig config, Clock clock) {
    return assemble(providerId, config, DEFAULTS, clock, (problems, settings) -> {
      Integer maxTokens = problems.read(() -> maxTokens(providerId, config));
      return (s, transport) -> new AnthropicProvider(s, Objects.requireNonNull(maxTokens), transport);
    });
  }

  private static int maxTokens(String providerId, CouncilConfig config) {
    String key = ProviderSettings.key(providerId, "max-tokens");
    int n = config.getInt(key, DEFAULT_MAX_TOKENS);
    if (n < 1) {
      throw new ConfigException(List.of(key + " is " + n + " but must be at least 1 (the output token limit sent "
          + "when a request sets none)"));
    }
    return n;
  }
}
