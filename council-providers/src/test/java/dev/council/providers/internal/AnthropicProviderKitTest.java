package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;

import dev.council.api.spi.LlmProvider;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** The Anthropic adapter passes the provider kit against a local server speaking the Messages API. */
class AnthropicProviderKitTest extends HttpProviderKit {

  @Override
  LlmProvider provider(ScriptedServer server) {
    return new AnthropicProviderFactory().create("claude",
        config(Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.baseUrl())), Clock.systemUTC());
  }

  @Override
  Reply answer(String text) {
    ObjectNode root = object().put("id", "msg_kit").put("type", "message").put("role", "assistant")
        .put("model", "kit-model").put("stop_reason", "end_turn");
    root.putArray("content").addObject().put("type", "text").put("text", text);
    root.putObject("usage").put("input_tokens", 12).put("output_tokens", 4);
    return Reply.json(200, root.toString());
  }

  @Override
  String stream(List<String> chunks, boolean complete) {
    StringBuilder sb = new StringBuilder();
    ObjectNode start = object().put("type", "message_start");
    ObjectNode message = start.putObject("message").put("id", "msg_kit").put("type", "message")
        .put("role", "assistant").put("model", "kit-model");
    message.putArray("content");
    message.putObject("usage").put("input_tokens", 12).put("output_tokens", 1);
    event(sb, "message_start", start);
    ObjectNode blockStart = object().put("type", "content_block_start").put("index", 0);
    blockStart.putObject("content_block").put("type", "text").put("text", "");
    event(sb, "content_block_start", blockStart);
    for (String chunk : chunks) {
      ObjectNode delta = object().put("type", "content_block_delta").put("index", 0);
      delta.putObject("delta").put("type", "text_delta").put("text", chunk);
      event(sb, "content_block_delta", delta);
    }
    if (complete) {
      event(sb, "content_block_stop", object().put("type", "content_block_stop").put("index", 0));
      ObjectNode messageDelta = object().put("type", "message_delta");
      messageDelta.putObject("delta").put("stop_reason", "end_turn");
      messageDelta.putObject("usage").put("output_tokens", 4);
      event(sb, "message_delta", messageDelta);
      event(sb, "message_stop", object().put("type", "message_stop"));
    }
    return sb.toString();
  }

  @Override
  String errorBody(String message) {
    ObjectNode root = object().put("type", "error");
    root.putObject("error").put("type", "kit_error").put("message", message);
    return root.toString();
  }

  private static void event(StringBuilder sb, String name, ObjectNode data) {
    sb.append("event: ").append(name).append('\n').append("data: ").append(data).append("\n\n");
  }
}
