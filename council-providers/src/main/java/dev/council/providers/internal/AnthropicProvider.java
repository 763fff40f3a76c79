package dev.council.providers.internal;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.OutputSchema;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolCallResult;
import dev.council.api.provider.ToolChoice;
import dev.council.api.provider.ToolDefinition;
import dev.council.api.spi.LlmProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The Anthropic Messages protocol ({@code POST /v1/messages}, {@code x-api-key},
 * {@code anthropic-version: 2023-06-01}). The system prompt is the top-level {@code system} field; tool
 * results travel as {@code tool_result} blocks in one user turn; structured output is a forced tool whose
 * input is the answer. Streams are typed SSE events ending with {@code message_stop}.
 *
 * <p>Thread-safe; one instance per provider id. Blocking and cancellation as described by
 * {@link LlmProvider}.
 */
final class AnthropicProvider implements LlmProvider {
  static final String VERSION = "2023-06-01";
  static final ErrorDialect ERRORS = AnthropicProvider::errorInfo;
  private static final String OUTPUT_TOOL_DESCRIPTION =
      "Give your final answer by calling this tool: its input is the answer, as JSON matching the schema.";

  private final ProviderSettings settings;
  private final int defaultMaxTokens;
  private final HttpTransport transport;
  private final URI endpoint;

  AnthropicProvider(ProviderSettings settings, int defaultMaxTokens, HttpTransport transport) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.defaultMaxTokens = defaultMaxTokens;
    this.transport = Objects.requireNonNull(transport, "transport");
    this.endpoint = Endpoints.resolve(settings.baseUrl(), "/v1", "/messages");
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public ChatResponse chat(ChatRequest request, StreamSink call) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", request.stream() ? "text/event-stream" : "application/json");
    headers.put("anthropic-version", VERSION);
    if (settings.apiKey() != null) {
      headers.put("x-api-key", settings.apiKey().reveal());
    }
    String outputTool = request.outputSchema() == null ? null : request.outputSchema().name();
    return transport.post(request.context(), endpoint, headers, Json.write(body(request)), ERRORS, (in, responseHeaders) -> {
      Reply reply = new Reply(outputTool);
      if (request.stream()) {
        readStream(in, reply, new ChunkSink(call));
      } else {
        readComplete(in, reply);
      }
      return reply.toResponse();
    });
  }

  /**
   * Anthropic's {@code tool_choice}: {@code auto}, {@code any} (required), {@code tool} with a name, or
   * {@code none}. (With an output schema the structured answer's own tool choice is sent instead.)
   */
  static Map<String, Object> toolChoice(ToolChoice choice) {
    return switch (choice.mode()) {
      case AUTO -> Map.of("type", "auto");
      case NONE -> Map.of("type", "none");
      case REQUIRED -> Map.of("type", "any");
      case TOOL -> Map.of("type", "tool", "name", Objects.requireNonNull(choice.toolName()));
    };
  }

  Map<String, Object> body(ChatRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    body.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens);
    List<String> system = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      if (m.role() == ChatMessage.Role.SYSTEM) {
        system.add(m.content());
      }
    }
    if (!system.isEmpty()) {
      body.put("system", String.join("\n\n", system));
    }
    body.put("messages", messages(request.messages()));
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    List<Object> tools = new ArrayList<>();
    for (ToolDefinition t : request.tools()) {
      tools.add(Map.of("name", t.name(), "description", t.description(), "input_schema", t.parameters()));
    }
    OutputSchema schema = request.outputSchema();
    if (schema != null) {
      tools.add(Map.of("name", schema.name(), "description", OUTPUT_TOOL_DESCRIPTION, "input_schema", schema.schema()));
      // with other tools offered the model may still call them first; the answer comes through ours
      body.put("tool_choice", request.tools().isEmpty() ? Map.of("type", "tool", "name", schema.name())
          : Map.of("type", "any"));
    } else if (request.toolChoice() != null && !request.tools().isEmpty()) {
      body.put("tool_choice", toolChoice(request.toolChoice()));
    }
    if (!tools.isEmpty()) {
      body.put("tools", tools);
    }
    body.put("stream", request.stream());
    Json.mergeExtra(body, request.extra());
    return body;
  }

  /** Turns of one role in a row are merged: all tool results of a step must share one user turn. */
  private static List<Object> messages(List<ChatMessage> messages) {
    List<String> roles = new ArrayList<>();
    List<List<Map<String, Object>>> turns = new ArrayList<>();
    for (ChatMessage m : messages) {
      String role;
      List<Map<String, Object>> blocks = new ArrayList<>();
      switch (m.role()) {
        case SYSTEM -> {
          continue;
        }
        case USER -> {
          role = "user";
          blocks.add(text(m.content()));
        }
        case ASSISTANT -> {
          role = "assistant";
          if (!m.content().isEmpty()) {
            blocks.add(text(m.content()));
          }
          for (ToolCall c : m.toolCalls()) {
            blocks.add(Map.of("type", "tool_use", "id", c.id(), "name", c.name(), "input", c.arguments()));
          }
        }
        case TOOL -> {
          ToolCallResult r = Objects.requireNonNull(m.toolResult(), "a TOOL message carries a tool result");
          role = "user";
          Map<String, Object> block = new LinkedHashMap<>();
          block.put("type", "tool_result");
          block.put("tool_use_id", r.id());
          block.put("content", r.failed() ? Objects.requireNonNull(r.error()) : Json.resultText(r));
          if (r.failed()) {
            block.put("is_error", true);
          }
          blocks.add(block);
        }
        default -> throw new IllegalStateException("unknown role " + m.role());
      }
      if (!roles.isEmpty() && roles.getLast().equals(role)) {
        turns.getLast().addAll(blocks);
      } else {
        roles.add(role);
        turns.add(blocks);
      }
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      List<Map<String, Object>> blocks = turns.get(i);
      Object content = blocks.size() == 1 && "text".equals(blocks.getFirst().get("type"))
          ? blocks.getFirst().get("text") : blocks;
      out.add(Map.of("role", roles.get(i), "content", content));
    }
    return out;
  }

  private static Map<String, Object> text(String text) {
    return Map.of("type", "text", "text", text);
  }

  private void readComplete(InputStream in, Reply reply) throws IOException {
    JsonNode root = Json.parse(settings, "the response body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    if ("error".equals(Json.text(root, "type"))) {
      throw ProviderErrors.inBody(settings, errorInfo(root), -1);
    }
    JsonNode content = root.path("content");
    if (!content.isArray()) {
      throw Json.malformed(settings, "it has no content array", root.toString());
    }
    for (int i = 0; i < content.size(); i++) {
      JsonNode block = content.get(i);
      Block b = reply.block(i, Objects.requireNonNullElse(Json.text(block, "type"), ""), Json.text(block, "id"),
          Json.text(block, "name"));
      b.text.append(Objects.requireNonNullElse(Json.text(block, "text"), ""));
      if (block.path("input").isObject()) {
        b.input = Json.toMap(block.path("input"));
      }
    }
    reply.message(root);
    reply.stopReason = Json.text(root, "stop_reason");
    reply.usage(root.path("usage"));
  }

  private void readStream(InputStream in, Reply reply, ChunkSink sink) throws IOException {
    SseReader events = new SseReader(new LineReader(in));
    boolean stopped = false;
    for (SseReader.Event event = events.next(); event != null; event = events.next()) {
      JsonNode data = Json.parse(settings, "a '" + event.event() + "' event", event.data());
      String type = Objects.requireNonNullElse(Json.text(data, "type"), event.event());
      switch (type) {
        case "message_start" -> {
          reply.message(data.path("message"));
          reply.usage(data.path("message").path("usage"));
        }
        case "content_block_start" -> {
          JsonNode block = data.path("content_block");
          Block b = reply.block(data.path("index").asInt(0), Objects.requireNonNullElse(Json.text(block, "type"), ""),
              Json.text(block, "id"), Json.text(block, "name"));
          String initial = Json.text(block, "text");
          if (initial != null && b.type.equals("text")) {
            b.text.append(initial);
            if (reply.outputTool == null) {
              sink.text(initial);
            }
          }
        }
        case "content_block_delta" -> {
          Block b = reply.blocks.get(data.path("index").asInt(0));
          JsonNode delta = data.path("delta");
          if (b == null) {
            throw new ProviderException(ErrorKind.TRANSIENT, id() + ": malformed response: a delta for content block "
                + data.path("index").asInt(0) + " came before its content_block_start");
          }
          String deltaType = Objects.requireNonNullElse(Json.text(delta, "type"), "");
          if (deltaType.equals("text_delta")) {
            String t = Objects.requireNonNullElse(Json.text(delta, "text"), "");
            b.text.append(t);
            if (reply.outputTool == null) {
              sink.text(t);
            }
          } else if (deltaType.equals("input_json_delta")) {
            String json = Objects.requireNonNullElse(Json.text(delta, "partial_json"), "");
            b.json.append(json);
            if (b.isOutput(reply.outputTool)) {
              sink.text(json);
            }
          }
        }
        case "message_delta" -> {
          String stop = Json.text(data.path("delta"), "stop_reason");
          if (stop != null) {
            reply.stopReason = stop;
          }
          reply.usage(data.path("usage"));
        }
        case "message_stop" -> stopped = true;
        case "error" -> throw ProviderErrors.inBody(settings, errorInfo(data), -1);
        default -> {
          // ping, content_block_stop and event types added later carry nothing we need
        }
      }
      if (stopped) {
        break;
      }
    }
    if (!stopped) {
      throw ProviderErrors.streamCut(settings, "'message_stop' event");
    }
    events.drain();
    for (Block b : reply.blocks.values()) {
      if (b.type.equals("tool_use")) {
        b.input = Json.arguments(settings, Objects.requireNonNullElse(b.name, ""), b.json.toString());
      }
    }
    sink.finish(reply.finishReason());
  }

  /**
   * {@code {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}}, or
   * {@code {"error": "message"}} from a proxy.
   */
  private static ErrorInfo errorInfo(String body) {
    return Json.tryParse(body).map(AnthropicProvider::errorInfo).orElseGet(() -> ErrorInfo.of(null, body, null));
  }

  private static ErrorInfo errorInfo(JsonNode root) {
    JsonNode error = root.path("error");
    String type = Json.text(error, "type");
    String message = Objects.requireNonNullElse(Json.errorMessage(error), root.toString());
    ErrorKind kind = type == null ? null : switch (type) {
      case "overloaded_error", "api_error", "timeout_error" -> ErrorKind.TRANSIENT;
      case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
      case "invalid_request_error", "not_found_error", "permission_error", "request_too_large", "billing_error",
          "authentication_error" -> ErrorKind.PERMANENT;
      default -> null;
    };
    return new ErrorInfo(type, message, kind, null, "authentication_error".equals(type));
  }

  /** One content block as it is assembled. */
  private static final class Block {
    final String type;
    final @Nullable String id;
    final @Nullable String name;
    final StringBuilder text = new StringBuilder();
    final StringBuilder json = new StringBuilder();
    Map<String, Object> input = Map.of();

    Block(String type, @Nullable String id, @Nullable String name) {
      this.type = type;
      this.id = id;
      this.name = name;
    }

    boolean isOutput(@Nullable String outputTool) {
      return type.equals("tool_use") && outputTool != null && outputTool.equals(name);
    }
  }

  /** The reply being assembled, from one body or from stream events. */
  private static final class Reply {
    final @Nullable String outputTool;
    final Map<Integer, Block> blocks = new TreeMap<>();
    @Nullable String stopReason;
    String model = "";
    String messageId = "";
    long inputTokens;
    long outputTokens;

    Reply(@Nullable String outputTool) {
      this.outputTool = outputTool;
    }

    Block block(int index, String type, @Nullable String id, @Nullable String name) {
      Block b = new Block(type, id, name);
      blocks.put(index, b);
      return b;
    }

    void message(JsonNode message) {
      model = Objects.requireNonNullElse(Json.text(message, "model"), model);
      messageId = Objects.requireNonNullElse(Json.text(message, "id"), messageId);
    }

    /** Usage counts are cumulative: a later report replaces an earlier one. */
    void usage(JsonNode usage) {
      if (usage.has("input_tokens")) {
        inputTokens = Json.count(usage, "input_tokens") + Json.count(usage, "cache_creation_input_tokens")
            + Json.count(usage, "cache_read_input_tokens");
      }
      if (usage.has("output_tokens")) {
        outputTokens = Json.count(usage, "output_tokens");
      }
    }

    @Nullable String finishReason() {
      if (stopReason == null) {
        return null;
      }
      return switch (stopReason) {
        case "end_turn", "stop_sequence" -> "stop";
        case "max_tokens", "model_context_window_exceeded" -> "length";
        case "tool_use" -> toolCalls().isEmpty() ? "stop" : "tool_calls";
        case "refusal" -> "content_filter";
        default -> stopReason;
      };
    }

    List<ToolCall> toolCalls() {
      List<ToolCall> calls = new ArrayList<>();
      for (Block b : blocks.values()) {
        if (b.type.equals("tool_use") && !b.isOutput(outputTool)) {
          calls.add(new ToolCall(Objects.requireNonNullElse(b.id, ""), Objects.requireNonNullElse(b.name, ""), b.input));
        }
      }
      return calls;
    }

    ChatResponse toResponse() {
      StringBuilder content = new StringBuilder();
      String answer = null;
      for (Block b : blocks.values()) {
        if (b.type.equals("text")) {
          content.append(b.text);
        } else if (b.isOutput(outputTool)) {
          // streamed: exactly the JSON the chunks carried; complete: the input object
          answer = b.json.isEmpty() ? Json.writeString(b.input) : b.json.toString();
        }
      }
      Map<String, Object> metadata = messageId.isEmpty() ? Map.of() : Map.of("id", messageId);
      return new ChatResponse(answer != null ? answer : content.toString(), toolCalls(), finishReason(),
          Usage.of(inputTokens, outputTokens), model.isEmpty() ? null : model, metadata);
    }
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "AnthropicProvider[id=" + settings.id() + ", endpoint=" + endpoint + "]";
  }
}
