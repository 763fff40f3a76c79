package dev.council.docs;

import dev.council.api.Usage;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamChunk;
import dev.council.api.provider.StreamSink;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;

public final class EchoProviderFactory implements LlmProviderFactory {
  @Override public String type() { return "echo"; }

  @Override public LlmProvider create(String providerId, CouncilConfig config) {
    String prefix = config.getString("council.providers." + providerId + ".prefix", "echo: ");
    return new LlmProvider() {
      @Override public String id() { return providerId; }
      @Override public ChatResponse chat(ChatRequest request, StreamSink call) {
        String text = prefix + request.lastUserMessage();
        if (request.stream()) {
          call.onChunk(new StreamChunk(text, "stop", 0));
        }
        return ChatResponse.of(text, Usage.of(1, 1));
      }
    };
  }
}
