package dev.council.server;

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
 * variable named by {@code council.providers.<id>.api-key-env} and fails with a {@link ConfigException}
 * naming it when unset. Its answers are {@code "keyed answer from <id>"}. Registered for the tests in
 * {@code META-INF/services}.
 */
public final class KeyedProviderFactory implements LlmProviderFactory {
  @Override
  public String type() {
    return "keyed";
  }

  @Override
  public LlmProvider create(String providerId, CouncilConfig config) {
    String envName = config.getString("council.providers." + providerId + ".api-key-env", "KEYED_API_KEY");
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
