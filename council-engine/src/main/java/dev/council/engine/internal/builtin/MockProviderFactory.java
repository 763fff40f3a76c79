package dev.council.engine.internal.builtin;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.engine.provider.MockProvider;

/**
 * Creates unscripted {@link MockProvider}s for {@code council.providers.<id>.type=mock}. Every member of
 * such a provider answers with the default fallback; tests that need scripts build a {@link MockProvider}
 * themselves and hand it to the engine builder. Stateless; performs no I/O.
 */
public final class MockProviderFactory implements LlmProviderFactory {
  /** The type name configuration refers to. */
  public static final String TYPE = "mock";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LlmProvider create(String providerId, CouncilConfig config) {
    return MockProvider.create(providerId);
  }
}
