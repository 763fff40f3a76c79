package dev.council.providers.internal;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.EmbeddingRequest;
import dev.council.api.provider.EmbeddingResponse;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The Gemini API ({@code POST /v1beta/models/{model}:generateContent}, and
 * {@code :streamGenerateContent?alt=sse} for streams; key in {@code x-goog-api-key}). The system prompt
 * is {@code systemInstruction}, turns are {@code user}/{@code model} contents, tools are function
 * declarations, structured output is {@code responseMimeType} plus a response schema. A stream has no
 * end marker: it is complete when a candidate reported its {@code finishReason}.
 *
 * <p>Gemini gives function calls no id (or one of its own) and, for thinking models, a
 * {@code thoughtSignature} that must come back with the call in the next request. Both are kept in the
 * {@link ToolCall#id()}: {@code <id>|ts:<signature>}.
 *
 * <p>Thread-safe; one instance per provider id. Blocking and cancellation as described by
 * {@link LlmProvider}.
 */
final class GeminiProvider implements LlmProvider {
  static final ErrorDialect ERRORS = GeminiProvider::errorInfo;
  static final String SYNTHETIC_ID = "gemini-call-";
  static final String SIGNATURE = "|ts:";

  /** Keywords Gemini's OpenAPI-subset {@code Schema} rejects. */
  private static final Set<String> UNSUPPORTED_KEYWORDS = Set.of("$schema", "$id", "$comment", "additionalProperties");
  private static final Set<String> FILTER_REASONS =
      Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

  /** How schemas are sent: Gemini's OpenAPI subset (sanitized) or JSON Schema as is. */
  enum SchemaDialect {
    OPENAPI,
    JSON_SCHEMA
  }

  private final ProviderSettings settings;
  private final SchemaDialect schemaDialect;
  private final HttpTransport transport;

  GeminiProvider(ProviderSettings settings, SchemaDialect schemaDialect, HttpTransport transport) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.schemaDialect = Objects.requireNonNull(schemaDialect, "schemaDialect");
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  @Override
  public String id() {
    return settings.id();
  }

  /** {@code :embedContent} for one input, {@code :batchEmbedContents} for several. */
  URI embedEndpoint(String model, boolean batch) {
    String path = (model.contains("/") ? "/" + model : "/models/" + model)
        + (batch ? ":batchEmbedContents" : ":embedContent");
    return Endpoints.resolve(settings.baseUrl(), "/v1beta", path);
  }

  @Override
  public boolean supportsEmbeddings() {
    return true;
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    if (settings.apiKey() != null) {
      headers.put("x-goog-api-key", settings.apiKey().reveal());
    }
    String model = request.model().contains("/") ? request.model() : "models/" + request.model();
    boolean batch = request.inputs().size() > 1;
    Map<String, Object> body;
    if (batch) {
      List<Object> requests = new ArrayList<>();
      for (String text : request.inputs()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("model", model);
        one.put("content", Map.of("parts", List.of(Map.of("text", text))));
        Json.mergeExtra(one, request.extra());
        requests.add(one);
      }
      body = new LinkedHashMap<>();
      body.put("requests", requests);
    } else {
      body = new LinkedHashMap<>();
      body.put("model", model);
      body.put("content", Map.of("parts", List.of(Map.of("text", request.inputs().get(0)))));
      Json.mergeExtra(body, request.extra());
    }
    return transport.post(embedEndpoint(request.model(), batch), headers, Json.write(body), ERRORS,
        (in, responseHeaders) -> Embeddings.gemini(settings, request, Embeddings.body(in)));
  }

  URI endpoint(String model, boolean stream) {
    String path = (model.contains("/") ? "/" + model : "/models/" + model)
        + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    return Endpoints.resolve(settings.baseUrl(), "/v1beta", path);
  }

  @Override
  public ChatResponse chat(ChatRequest request, StreamSink call) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", request.stream() ? "text/event-stream" : "application/json");
    if (settings.apiKey() != null) {
      headers.put("x-goog-api-key", settings.apiKey().reveal());
    }
    return transport.post(request.context(), endpoint(request.model(), request.stream()), headers, Json.write(body(request)), ERRORS,
        (in, responseHeaders) -> request.stream() ? readStream(in, new ChunkSink(call)) : readComplete(in));
  }

  /**
   * Gemini's {@code toolConfig.functionCallingConfig}: mode {@code AUTO}, {@code NONE} or {@code ANY}
   * (required), a named tool being {@code ANY} with {@code allowedFunctionNames} holding only it.
   */
  static Map<String, Object> functionCallingConfig(ToolChoice choice) {
    return switch (choice.mode()) {
      case AUTO -> Map.of("mode", "AUTO");
      case NONE -> Map.of("mode", "NONE");
      case REQUIRED -> Map.of("mode", "ANY");
      case TOOL -> Map.of("mode", "ANY", "allowedFunctionNames", List.of(Objects.requireNonNull(choice.toolName())));
    };
  }

  Map<String, Object> body(ChatRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("contents", contents(request.messages()));
    List<String> system = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      if (m.role() == ChatMessage.Role.SYSTEM) {
        system.add(m.content());
      }
    }
    if (!system.isEmpty()) {
      body.put("systemInstruction", Map.of("parts", List.of(Map.of("text", String.join("\n\n", system)))));
    }
    if (!request.tools().isEmpty()) {
      List<Object> declarations = new ArrayList<>();
      for (ToolDefinition t : request.tools()) {
        declarations.add(Map.of("name", t.name(), "description", t.description(),
            schemaDialect == SchemaDialect.OPENAPI ? "parameters" : "parametersJsonSchema", schema(t.parameters())));
      }
      body.put("tools", List.of(Map.of("functionDeclarations", declarations)));
      if (request.toolChoice() != null) {
        body.put("toolConfig", Map.of("functionCallingConfig", functionCallingConfig(request.toolChoice())));
      }
    }
    Map<String, Object> generation = new LinkedHashMap<>();
    if (request.temperature() != null) {
      generation.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      generation.put("maxOutputTokens", request.maxTokens());
    }
    OutputSchema schema = request.outputSchema();
    if (schema != null) {
      generation.put("responseMimeType", "application/json");
      generation.put(schemaDialect == SchemaDialect.OPENAPI ? "responseSchema" : "responseJsonSchema",
          schema(schema.schema()));
    }
    if (!generation.isEmpty()) {
      body.put("generationConfig", generation);
    }
    Json.mergeExtra(body, request.extra());
    return body;
  }

  private Object schema(Map<String, Object> schema) {
    return schemaDialect == SchemaDialect.OPENAPI ? openApiSchema(schema) : schema;
  }

  /**
   * Gemini's {@code Schema} is an OpenAPI 3.0 subset: it rejects {@code additionalProperties} and
   * {@code $schema}, spells {@code const} as a one-value {@code enum} and {@code ["string", "null"]} as
   * {@code nullable}. The dispatcher still validates the output against the full schema.
   */
  @SuppressWarnings("unchecked")
  static Object openApiSchema(Object node) {
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object o : list) {
        out.add(openApiSchema(o));
      }
      return out;
    }
    if (!(node instanceof Map<?, ?> map)) {
      return node;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (UNSUPPORTED_KEYWORDS.contains(key)) {
        continue;
      }
      if (key.equals("const")) {
        out.put("enum", List.of(value));
      } else if (key.equals("type") && value instanceof List<?> types) {
        List<Object> real = new ArrayList<>(types);
        if (real.remove("null")) {
          out.put("nullable", true);
        }
        out.put("type", real.size() == 1 ? real.getFirst() : real);
      } else if (key.equals("properties") && value instanceof Map<?, ?> props) {
        Map<String, Object> p = new LinkedHashMap<>();
        ((Map<String, Object>) props).forEach((name, sub) -> p.put(name, openApiSchema(sub)));
        out.put(key, p);
      } else {
        out.put(key, openApiSchema(value));
      }
    }
    return out;
  }

  /** Turns of one role in a row are merged: all function responses of a step share one user turn. */
  private static List<Object> contents(List<ChatMessage> messages) {
    List<String> roles = new ArrayList<>();
    List<List<Object>> turns = new ArrayList<>();
    for (ChatMessage m : messages) {
      String role;
      List<Object> parts = new ArrayList<>();
      switch (m.role()) {
        case SYSTEM -> {
          continue;
        }
        case USER -> {
          role = "user";
          parts.add(Map.of("text", m.content()));
        }
        case ASSISTANT -> {
          role = "model";
          if (!m.content().isEmpty()) {
            parts.add(Map.of("text", m.content()));
          }
          for (ToolCall c : m.toolCalls()) {
            parts.add(functionCallPart(c));
          }
        }
        case TOOL -> {
          role = "user";
          parts.add(functionResponsePart(Objects.requireNonNull(m.toolResult(), "a TOOL message carries a result")));
        }
        default -> throw new IllegalStateException("unknown role " + m.role());
      }
      if (!roles.isEmpty() && roles.getLast().equals(role)) {
        turns.getLast().addAll(parts);
      } else {
        roles.add(role);
        turns.add(parts);
      }
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      out.add(Map.of("role", roles.get(i), "parts", turns.get(i)));
    }
    return out;
  }

  private static Map<String, Object> functionCallPart(ToolCall call) {
    Map<String, Object> fc = new LinkedHashMap<>();
    fc.put("name", call.name());
    fc.put("args", call.arguments());
    String geminiId = geminiId(call.id());
    if (geminiId != null) {
      fc.put("id", geminiId);
    }
    Map<String, Object> part = new LinkedHashMap<>();
    part.put("functionCall", fc);
    String signature = signature(call.id());
    if (signature != null) {
      part.put("thoughtSignature", signature);
    }
    return part;
  }

  private static Map<String, Object> functionResponsePart(ToolCallResult result) {
    Object response;
    if (result.failed()) {
      response = Map.of("error", Objects.requireNonNull(result.error()));
    } else if (result.result() instanceof Map<?, ?> map) {
      response = map;
    } else {
      Map<String, Object> wrapped = new LinkedHashMap<>();
      wrapped.put("result", result.result());
      response = wrapped;
    }
    Map<String, Object> fr = new LinkedHashMap<>();
    fr.put("name", result.name());
    fr.put("response", response);
    String geminiId = geminiId(result.id());
    if (geminiId != null) {
      fr.put("id", geminiId);
    }
    return Map.of("functionResponse", fr);
  }

  /** Gemini's own call id inside one of our ids, or null when we made the id up. */
  static @Nullable String geminiId(String id) {
    int sig = id.indexOf(SIGNATURE);
    String base = sig < 0 ? id : id.substring(0, sig);
    return base.startsWith(SYNTHETIC_ID) ? null : base;
  }

  static @Nullable String signature(String id) {
    int sig = id.indexOf(SIGNATURE);
    return sig < 0 ? null : id.substring(sig + SIGNATURE.length());
  }

  private ChatResponse readComplete(InputStream in) throws IOException {
    JsonNode root = Json.parse(settings, "the response body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    Reply reply = new Reply();
    reply.add(root, null);
    if (!reply.finished) {
      throw Json.malformed(settings, "no candidate has a finishReason and there is no promptFeedback",
          root.toString());
    }
    return reply.toResponse();
  }

  private ChatResponse readStream(InputStream in, ChunkSink sink) throws IOException {
    SseReader events = new SseReader(new LineReader(in));
    Reply reply = new Reply();
    for (SseReader.Event event = events.next(); event != null; event = events.next()) {
      reply.add(Json.parse(settings, "a stream event", event.data()), sink);
    }
    if (!reply.finished) {
      throw ProviderErrors.streamCut(settings, "last chunk (one whose candidate has a finishReason)");
    }
    sink.finish(reply.finishReason());
    return reply.toResponse();
  }

  /** The reply assembled from one response or from every chunk of a stream. */
  private final class Reply {
    final StringBuilder text = new StringBuilder();
    final List<ToolCall> calls = new ArrayList<>();
    @Nullable String rawFinish;
    boolean finished;
    Usage usage = Usage.ZERO;
    String model = "";
    String responseId = "";

    void add(JsonNode chunk, @Nullable ChunkSink sink) {
      JsonNode error = chunk.get("error");
      if (error != null && (error.isObject() || error.isString())) {
        throw ProviderErrors.inBody(settings, errorInfo(chunk), error.path("code").asInt(-1));
      }
      model = Objects.requireNonNullElse(Json.text(chunk, "modelVersion"), model);
      responseId = Objects.requireNonNullElse(Json.text(chunk, "responseId"), responseId);
      JsonNode usageMetadata = chunk.path("usageMetadata");
      if (usageMetadata.isObject()) {
        usage = Usage.of(Json.count(usageMetadata, "promptTokenCount"),
            Json.count(usageMetadata, "candidatesTokenCount") + Json.count(usageMetadata, "thoughtsTokenCount"));
      }
      String blocked = Json.text(chunk.path("promptFeedback"), "blockReason");
      if (blocked != null) {
        rawFinish = "SAFETY";
        finished = true;
      }
      JsonNode candidate = chunk.path("candidates").path(0);
      JsonNode parts = candidate.path("content").path("parts");
      for (int i = 0; i < parts.size(); i++) {
        JsonNode part = parts.get(i);
        if (part.path("thought").asBoolean(false)) {
          continue;
        }
        String t = Json.text(part, "text");
        if (t != null) {
          text.append(t);
          if (sink != null) {
            sink.text(t);
          }
        }
        JsonNode fc = part.get("functionCall");
        if (fc != null && fc.isObject()) {
          String name = Objects.requireNonNullElse(Json.text(fc, "name"), "");
          String id = Objects.requireNonNullElse(Json.text(fc, "id"), SYNTHETIC_ID + calls.size());
          String signature = Json.text(part, "thoughtSignature");
          Map<String, Object> args = fc.path("args").isObject() ? Json.toMap(fc.path("args")) : Map.of();
          calls.add(new ToolCall(signature == null ? id : id + SIGNATURE + signature, name, args));
        }
      }
      String finish = Json.text(candidate, "finishReason");
      if (finish != null && !finish.equals("FINISH_REASON_UNSPECIFIED")) {
        if (finish.equals("MALFORMED_FUNCTION_CALL")) {
          throw new ProviderException(ErrorKind.TRANSIENT, id() + ": the model produced a malformed function call ("
              + settings.redact(Objects.requireNonNullElse(Json.text(candidate, "finishMessage"),
                  "finishReason MALFORMED_FUNCTION_CALL")) + ")");
        }
        rawFinish = finish;
        finished = true;
      }
    }

    @Nullable String finishReason() {
      if (rawFinish == null) {
        return null;
      }
      if (FILTER_REASONS.contains(rawFinish)) {
        return "content_filter";
      }
      return switch (rawFinish) {
        case "STOP" -> calls.isEmpty() ? "stop" : "tool_calls";
        case "MAX_TOKENS" -> "length";
        default -> rawFinish.toLowerCase(Locale.ROOT);
      };
    }

    ChatResponse toResponse() {
      return new ChatResponse(text.toString(), calls, finishReason(), usage, model.isEmpty() ? null : model,
          responseId.isEmpty() ? Map.of() : Map.of("id", responseId));
    }
  }

  /**
   * {@code {"error": {"code": 429, "message": ..., "status": "RESOURCE_EXHAUSTED", "details": [...]}}},
   * possibly wrapped in an array (a streamed error), or {@code {"error": "message"}} from a proxy.
   */
  private static ErrorInfo errorInfo(String body) {
    return Json.tryParse(body).map(GeminiProvider::errorInfo).orElseGet(() -> ErrorInfo.of(null, body, null));
  }

  private static ErrorInfo errorInfo(JsonNode root) {
    JsonNode error = (root.isArray() ? root.path(0) : root).path("error");
    String status = Json.text(error, "status");
    String message = Objects.requireNonNullElse(Json.errorMessage(error), root.toString());
    Duration retryDelay = null;
    // Gemini says "API key not valid" with 400 INVALID_ARGUMENT and reason API_KEY_INVALID in details;
    // a body without the details (proxies, older versions) still carries the status or the message
    boolean keyRejected = "UNAUTHENTICATED".equals(status) || error.path("code").asInt(0) == 401
        || message.startsWith("API key not valid") || message.contains("API_KEY_INVALID");
    JsonNode details = error.path("details");
    for (int i = 0; i < details.size(); i++) {
      JsonNode d = details.get(i);
      String delay = Json.text(d, "retryDelay");
      if (delay != null) {
        retryDelay = RetryAfter.protoDuration(delay).orElse(null);
      }
      if ("API_KEY_INVALID".equals(Json.text(d, "reason"))) {
        keyRejected = true;
      }
    }
    ErrorKind kind = status == null ? null : switch (status) {
      case "RESOURCE_EXHAUSTED" -> ErrorKind.RATE_LIMITED;
      case "UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "ABORTED" -> ErrorKind.TRANSIENT;
      case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "NOT_FOUND", "PERMISSION_DENIED", "UNAUTHENTICATED",
          "OUT_OF_RANGE", "UNIMPLEMENTED" -> ErrorKind.PERMANENT;
      default -> null;
    };
    return new ErrorInfo(status, message, kind, retryDelay, keyRejected);
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "GeminiProvider[id=" + settings.id() + ", baseUrl=" + settings.baseUrl() + "]";
  }
}
