package dev.council.providers.internal;

import dev.council.api.Usage;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.EmbeddingRequest;
import dev.council.api.provider.EmbeddingResponse;
import dev.council.api.provider.StreamSink;
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
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Ollama's native chat API ({@code POST /api/chat}). Streaming is on by default there, so every request
 * says {@code "stream"} explicitly; a stream is NDJSON, one object per line, the last with
 * {@code "done": true} and the token counts ({@code prompt_eval_count}, {@code eval_count}). Tool call
 * arguments are JSON objects (not strings); structured output is {@code format} with the JSON Schema;
 * temperature and the token limit go in {@code options}.
 *
 * <p>Thread-safe; one instance per provider id. Blocking and cancellation as described by
 * {@link LlmProvider}.
 */
final class OllamaProvider implements LlmProvider {
  static final ErrorDialect ERRORS = OllamaProvider::errorInfo;
  static final String SYNTHETIC_ID = "ollama-call-";

  private final ProviderSettings settings;
  private final HttpTransport transport;
  private final URI endpoint;
  private final URI embedEndpoint;

  OllamaProvider(ProviderSettings settings, HttpTransport transport) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.endpoint = Endpoints.resolve(settings.baseUrl(), "/api", "/chat");
    this.embedEndpoint = Endpoints.resolve(settings.baseUrl(), "/api", "/embed");
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public ChatResponse chat(ChatRequest request, StreamSink call) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", request.stream() ? "application/x-ndjson" : "application/json");
    if (settings.apiKey() != null) {
      headers.put("Authorization", "Bearer " + settings.apiKey().reveal());
    }
    return transport.post(request.context(), endpoint, headers, Json.write(body(request)), ERRORS,
        (in, responseHeaders) -> request.stream() ? readStream(in, new ChunkSink(call)) : readComplete(in));
  }

  /** {@code POST /api/embed} with {@code input} as a list. */
  @Override
  public boolean supportsEmbeddings() {
    return true;
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    if (settings.apiKey() != null) {
      headers.put("Authorization", "Bearer " + settings.apiKey().reveal());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    body.put("input", request.inputs());
    Json.mergeExtra(body, request.extra());
    return transport.post(embedEndpoint, headers, Json.write(body), ERRORS,
        (in, responseHeaders) -> Embeddings.ollama(settings, request, Embeddings.body(in)));
  }

  Map<String, Object> body(ChatRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    body.put("messages", messages(request.messages()));
    body.put("stream", request.stream());
    // Ollama's chat API has no tool_choice: "none" sends no tools, a named tool sends only that tool;
    // "auto" and "required" send them all (the model may still answer without calling one).
    ToolChoice choice = request.toolChoice();
    if (!request.tools().isEmpty() && (choice == null || choice.mode() != ToolChoice.Mode.NONE)) {
      List<Object> tools = new ArrayList<>();
      for (ToolDefinition t : request.tools()) {
        if (choice != null && choice.mode() == ToolChoice.Mode.TOOL && !t.name().equals(choice.toolName())) {
          continue;
        }
        tools.add(Map.of("type", "function", "function",
            Map.of("name", t.name(), "description", t.description(), "parameters", t.parameters())));
      }
      body.put("tools", tools);
    }
    if (request.outputSchema() != null) {
      body.put("format", request.outputSchema().schema());
    }
    Map<String, Object> options = new LinkedHashMap<>();
    if (request.temperature() != null) {
      options.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      options.put("num_predict", request.maxTokens());
    }
    if (!options.isEmpty()) {
      body.put("options", options);
    }
    Json.mergeExtra(body, request.extra());
    return body;
  }

  private static List<Object> messages(List<ChatMessage> messages) {
    List<Object> out = new ArrayList<>();
    for (ChatMessage m : messages) {
      Map<String, Object> msg = new LinkedHashMap<>();
      switch (m.role()) {
        case SYSTEM -> msg.put("role", "system");
        case USER -> msg.put("role", "user");
        case ASSISTANT -> msg.put("role", "assistant");
        case TOOL -> msg.put("role", "tool");
        default -> throw new IllegalStateException("unknown role " + m.role());
      }
      if (m.role() == ChatMessage.Role.TOOL) {
        ToolCallResult r = Objects.requireNonNull(m.toolResult(), "a TOOL message carries a tool result");
        msg.put("tool_name", r.name());
        msg.put("content", Json.resultText(r));
      } else {
        msg.put("content", m.content());
      }
      if (!m.toolCalls().isEmpty()) {
        List<Object> calls = new ArrayList<>();
        for (int i = 0; i < m.toolCalls().size(); i++) {
          ToolCall c = m.toolCalls().get(i);
          calls.add(Map.of("type", "function", "function",
              Map.of("index", i, "name", c.name(), "arguments", c.arguments())));
        }
        msg.put("tool_calls", calls);
      }
      out.add(msg);
    }
    return out;
  }

  private ChatResponse readComplete(InputStream in) throws IOException {
    JsonNode root = Json.parse(settings, "the response body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    Reply reply = new Reply();
    reply.add(root, null);
    return reply.toResponse();
  }

  private ChatResponse readStream(InputStream in, ChunkSink sink) throws IOException {
    LineReader lines = new LineReader(in);
    Reply reply = new Reply();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      reply.add(Json.parse(settings, "a stream line", line), sink);
      if (reply.done) {
        break;
      }
    }
    if (!reply.done) {
      throw ProviderErrors.streamCut(settings, "final line (\"done\": true)");
    }
    while (lines.readLine() != null) {
      // nothing follows the final line; read to the end so the connection can be reused
    }
    sink.finish(reply.finishReason());
    return reply.toResponse();
  }

  /** The reply assembled from one object or from every line of a stream. */
  private final class Reply {
    final StringBuilder text = new StringBuilder();
    final List<ToolCall> calls = new ArrayList<>();
    boolean done;
    @Nullable String doneReason;
    Usage usage = Usage.ZERO;
    String model = "";

    void add(JsonNode chunk, @Nullable ChunkSink sink) {
      String error = Json.errorMessage(chunk.get("error"));
      if (error != null) {
        throw ProviderErrors.inBody(settings, ErrorInfo.of(null, error, null), -1);
      }
      model = Objects.requireNonNullElse(Json.text(chunk, "model"), model);
      JsonNode message = chunk.path("message");
      String t = Json.text(message, "content");
      if (t != null) {
        text.append(t);
        if (sink != null) {
          sink.text(t);
        }
      }
      JsonNode toolCalls = message.path("tool_calls");
      for (int i = 0; i < toolCalls.size(); i++) {
        JsonNode c = toolCalls.get(i);
        JsonNode fn = c.path("function");
        String id = Objects.requireNonNullElse(Json.text(c, "id"), SYNTHETIC_ID + calls.size());
        Map<String, Object> args;
        JsonNode arguments = fn.path("arguments");
        String name = Objects.requireNonNullElse(Json.text(fn, "name"), "");
        if (arguments.isObject()) {
          args = Json.toMap(arguments);
        } else if (arguments.isString()) {
          args = Json.arguments(settings, name, arguments.stringValue());
        } else {
          args = Map.of();
        }
        calls.add(new ToolCall(id, name, args));
      }
      if (chunk.path("done").asBoolean(false)) {
        done = true;
        doneReason = Json.text(chunk, "done_reason");
        usage = Usage.of(Json.count(chunk, "prompt_eval_count"), Json.count(chunk, "eval_count"));
      }
    }

    @Nullable String finishReason() {
      if (!calls.isEmpty() && (doneReason == null || doneReason.equals("stop"))) {
        return "tool_calls";
      }
      return doneReason == null ? (done ? "stop" : null) : doneReason;
    }

    ChatResponse toResponse() {
      return new ChatResponse(text.toString(), calls, finishReason(), usage, model.isEmpty() ? null : model, Map.of());
    }
  }

  /**
   * {@code {"error": "model 'x' not found, try pulling it first"}}, or an OpenAI-style
   * {@code {"error": {"message": ...}}} from a proxy in front of Ollama.
   */
  private static ErrorInfo errorInfo(String body) {
    return Json.tryParse(body)
        .map(root -> ErrorInfo.of(null, Objects.requireNonNullElse(Json.errorMessage(root.get("error")), body), null))
        .orElseGet(() -> ErrorInfo.of(null, body, null));
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "OllamaProvider[id=" + settings.id() + ", endpoint=" + endpoint + "]";
  }
}
