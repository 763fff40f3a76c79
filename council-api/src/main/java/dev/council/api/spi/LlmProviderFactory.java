package dev.council.api.spi;

import dev.council.api.config.CouncilConfig;

/**
 * Creates providers of one wire type ({@code openai}, {@code anthropic}, {@code mock}, ...). Listed in
 * {@code META-INF/services/dev.council.api.spi.LlmProviderFactory}. Stateless; performs no I/O.
 */
public interface LlmProviderFactory {

  /** The adapter type, referred to by {@code council.providers.<id>.type}. */
  String type();

  /**
   * Creates the provider for {@code providerId}, reading its settings under
   * {@code council.providers.<providerId>.} (and the environment only via {@link CouncilConfig#env}).
   *
   * @throws dev.council.api.config.ConfigException naming every missing or malformed setting
   */
  LlmProvider create(String providerId, CouncilConfig config);
}
