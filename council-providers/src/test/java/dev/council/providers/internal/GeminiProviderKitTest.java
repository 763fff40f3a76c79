package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;

import dev.council.api.spi.LlmProvider;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** The Gemini adapter passes the provider kit against a local server speaking generateContent. */
class GeminiProviderKitTest extends HttpProviderKit {

  @Override
  LlmProvider provider(ScriptedServer server) {
    return new GeminiProviderFactory().create("gemini",
        config(Map.of("GEMINI_API_KEY", KEY, "GEMINI_BASE_URL", server.baseUrl())), Clock.systemUTC());
  }

  @Override
  Reply answer(String text) {
    return Reply.json(200, response(text, "STOP").toString());
  }

  @Override
  String stream(List<String> chunks, boolean complete) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      events.add(response(chunks.get(i), complete && i == chunks.size() - 1 ? "STOP" : null).toString());
    }
    return TestSupport.sse("\r\n", events.toArray(String[]::new));
  }

  @Override
  String errorBody(String message) {
    ObjectNode root = object();
    root.putObject("error").put("message", message);
    return root.toString();
  }

  private static ObjectNode response(String text, String finishReason) {
    ObjectNode root = object().put("modelVersion", "kit-model").put("responseId", "r-kit");
    ObjectNode candidate = root.putArray("candidates").addObject().put("index", 0);
    ObjectNode content = candidate.putObject("content").put("role", "model");
    content.putArray("parts").addObject().put("text", text);
    if (finishReason != null) {
      candidate.put("finishReason", finishReason);
    }
    root.putObject("usageMetadata").put("promptTokenCount", 12).put("candidatesTokenCount", 4);
    return root;
  }
}
