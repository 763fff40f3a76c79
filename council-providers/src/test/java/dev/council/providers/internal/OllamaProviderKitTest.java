package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.config;

import dev.council.api.spi.LlmProvider;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** The Ollama adapter passes the provider kit against a local server speaking Ollama's chat API. */
class OllamaProviderKitTest extends HttpProviderKit {

  @Override
  LlmProvider provider(ScriptedServer server) {
    return new OllamaProviderFactory().create("ollama", config(Map.of("OLLAMA_HOST", server.baseUrl())),
        Clock.systemUTC());
  }

  @Override
  Reply answer(String text) {
    return Reply.json(200, line(text, true).toString());
  }

  @Override
  String stream(List<String> chunks, boolean complete) {
    StringBuilder sb = new StringBuilder();
    for (String chunk : chunks) {
      sb.append(line(chunk, false)).append('\n');
    }
    if (complete) {
      sb.append(line("", true)).append('\n');
    }
    return sb.toString();
  }

  @Override
  String streamContentType() {
    return "application/x-ndjson";
  }

  @Override
  String errorBody(String message) {
    return object().put("error", message).toString();
  }

  private static ObjectNode line(String text, boolean done) {
    ObjectNode root = object().put("model", "kit-model").put("created_at", "2026-01-01T00:00:00Z");
    root.putObject("message").put("role", "assistant").put("content", text);
    root.put("done", done);
    if (done) {
      root.put("done_reason", "stop").put("prompt_eval_count", 12).put("eval_count", 4);
    }
    return root;
  }
}
