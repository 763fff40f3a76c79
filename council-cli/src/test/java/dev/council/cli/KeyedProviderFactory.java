package dev.council.cli;

import dev.council.api.Usage;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import java.util.List;

/**
 * A provider plugin that, like the real adapters, cannot be created without an API key: it reads the
 * variable named by {@code council.providers.<id>.api-key-env} (default {@value #DEFAULT_ENV}) and fails
 * with a {@link ConfigException} naming it when unset. Its answers are {@code "keyed answer from <id>"}.
 */
public final class KeyedProviderFactory implements LlmProviderFactory {
  static final String TYPE = "keyed";
  static final String DEFAULT_ENV = "KEYED_API_KEY";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LlmProvider create(String providerId, CouncilConfig config) {
    String envName = config.getString("council.providers." + providerId + ".api-key-env", DEFAULT_ENV);
    if (config.env(envName).isEmpty()) {
      throw new ConfigException(List.of("provider '" + providerId + "' needs an API key: " + envName
          + " is not set; export " + envName + "=<your key>"));
    }
    return new LlmProvider() {
      @Override
      public String id() {
        return providerId;
      }

      @Override
      public ChatResponse chat(ChatRequest request, StreamSink call) {
        return ChatResponse.of("keyed answer from " + providerId, Usage.of(10, 5));
      }
    };
  }
}
