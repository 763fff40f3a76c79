package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;

import dev.council.api.spi.LlmProvider;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The OpenRouter adapter passes the provider kit against a local server speaking OpenRouter's API. */
class OpenRouterProviderKitTest extends HttpProviderKit {

  @Override
  LlmProvider provider(ScriptedServer server) {
    return new OpenRouterProviderFactory().create("openrouter", config(Map.of("OPENROUTER_API_KEY", KEY,
        "OPENROUTER_BASE_URL", server.baseUrl() + "/api/v1")), Clock.systemUTC());
  }

  @Override
  Reply answer(String text) {
    return Reply.json(200, OpenAiProviderKitTest.completion(text));
  }

  @Override
  String stream(List<String> chunks, boolean complete) {
    return ": OPENROUTER PROCESSING\n\n" + OpenAiProviderKitTest.chatCompletionStream(chunks, complete);
  }

  @Override
  String errorBody(String message) {
    return OpenAiProviderKitTest.errorObject(message);
  }
}
