package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static dev.council.providers.internal.TestSupport.sse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Usage;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.providers.internal.ScriptedServer.Reply;
import dev.council.providers.internal.TestSupport.BackgroundCall;
import dev.council.providers.internal.TestSupport.RecordingCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The five adapters, discovered through {@link ServiceLoader} and configured from one configuration, stream
 * at the same time on virtual threads, as the members of one council round do.
 */
class AllProvidersTogetherTest {

  @Test
  void fiveProvidersStreamConcurrentlyAndTheirUsageAddsUp() throws Exception {
    Map<String, ScriptedServer> servers = new LinkedHashMap<>();
    List<LlmProvider> providers = new ArrayList<>();
    try {
      for (String type : List.of("openai", "anthropic", "gemini", "ollama", "openrouter")) {
        servers.put(type, ScriptedServer.start());
      }
      servers.get("openai").enqueue(Reply.sse(sse("\r\n", OpenAiProviderTest.TEXT_STREAM)));
      servers.get("anthropic").enqueue(Reply.sse(AnthropicProviderTest.TEXT_STREAM));
      servers.get("gemini").enqueue(Reply.sse(sse("\r\n", GeminiProviderTest.TEXT_STREAM)));
      servers.get("ollama").enqueue(Reply.ndjson(OllamaProviderTest.STREAM));
      servers.get("openrouter").enqueue(Reply.sse(sse("\n",
          "{\"id\":\"gen-1\",\"model\":\"openai/gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Paris.\"},"
              + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"cost\":0.25}}",
          "[DONE]")));
      Map<String, String> env = new LinkedHashMap<>();
      env.put("OPENAI_API_KEY", KEY);
      env.put("ANTHROPIC_API_KEY", KEY);
      env.put("GEMINI_API_KEY", KEY);
      env.put("OPENROUTER_API_KEY", KEY);
      env.put("OPENAI_BASE_URL", servers.get("openai").baseUrl());
      env.put("ANTHROPIC_BASE_URL", servers.get("anthropic").baseUrl());
      env.put("GEMINI_BASE_URL", servers.get("gemini").baseUrl());
      env.put("OLLAMA_HOST", servers.get("ollama").baseUrl());
      env.put("OPENROUTER_BASE_URL", servers.get("openrouter").baseUrl() + "/api/v1");
      CouncilConfig config = config(env);
      for (LlmProviderFactory factory : ServiceLoader.load(LlmProviderFactory.class)) {
        if (!TestSupport.isOurs(factory)) {
          continue;
        }
        providers.add(factory.create(factory.type(), config));
      }

      List<BackgroundCall> calls = new ArrayList<>();
      List<RecordingCall> streams = new ArrayList<>();
      for (LlmProvider provider : providers) {
        RecordingCall stream = new RecordingCall();
        streams.add(stream);
        calls.add(BackgroundCall.start(provider, ChatRequest.of("model", "Be brief.", "Capital of France?")
            .withStream(true), stream));
      }
      Usage total = Usage.ZERO;
      for (int i = 0; i < calls.size(); i++) {
        ChatResponse response = calls.get(i).await();
        assertThat(streams.get(i).text()).as(providers.get(i).id()).isEqualTo(response.content()).startsWith("Paris");
        streams.get(i).assertWellFormed("stop");
        total = total.plus(response.usage());
      }

      assertThat(total).isEqualTo(new Usage(19 + 25 + 8 + 26 + 10, 9 + 15 + 9 + 282 + 2, 0.25));
      servers.values().forEach(s -> assertThat(s.requestCount()).isEqualTo(1));
    } finally {
      providers.forEach(LlmProvider::close);
      servers.values().forEach(ScriptedServer::close);
    }
  }
}
