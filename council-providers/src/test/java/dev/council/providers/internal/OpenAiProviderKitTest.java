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

/** The OpenAI adapter passes the provider kit against a local server speaking Chat Completions. */
class OpenAiProviderKitTest extends HttpProviderKit {

  @Override
  LlmProvider provider(ScriptedServer server) {
    return new OpenAiProviderFactory().create("openai",
        config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())), Clock.systemUTC());
  }

  @Override
  Reply answer(String text) {
    return Reply.json(200, completion(text));
  }

  @Override
  String stream(List<String> chunks, boolean complete) {
    return chatCompletionStream(chunks, complete);
  }

  @Override
  String errorBody(String message) {
    return errorObject(message);
  }

  /** A Chat Completions response answering {@code text}. */
  static String completion(String text) {
    ObjectNode root = object().put("id", "chatcmpl-kit").put("object", "chat.completion").put("model", "kit-model");
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", text);
    root.putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 4);
    return root.toString();
  }

  /** SSE events streaming {@code chunks}, then (when {@code complete}) the finish, usage and {@code [DONE]}. */
  static String chatCompletionStream(List<String> chunks, boolean complete) {
    List<String> events = new ArrayList<>();
    for (String chunk : chunks) {
      ObjectNode event = object().put("id", "chatcmpl-kit").put("object", "chat.completion.chunk")
          .put("model", "kit-model");
      ObjectNode choice = event.putArray("choices").addObject().put("index", 0).putNull("finish_reason");
      choice.putObject("delta").put("content", chunk);
      events.add(event.toString());
    }
    if (complete) {
      ObjectNode finish = object().put("id", "chatcmpl-kit").put("model", "kit-model");
      finish.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
      events.add(finish.toString());
      ObjectNode usage = object().put("id", "chatcmpl-kit");
      usage.putArray("choices");
      usage.putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 4);
      events.add(usage.toString());
      events.add("[DONE]");
    }
    return TestSupport.sse("\n", events.toArray(String[]::new));
  }

  /** {@code {"error": {"message": ..., "type": "kit_error"}}}: a type that leaves the kind to the status. */
  static String errorObject(String message) {
    ObjectNode root = object();
    root.putObject("error").put("message", message).put("type", "kit_error").putNull("code");
    return root.toString();
  }
}
