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
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolChoice;
import dev.council.api.provider.ToolDefinition;
import dev.council.api.spi.LlmProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI Chat Completions protocol ({@code POST /v1/chat/completions}), spoken by OpenAI, OpenRouter
 * and every OpenAI-compatible server (vLLM, LM Studio, llama.cpp, Ollama's {@code /v1}). Streams are SSE
 * {@code data:} lines ending with {@code data: [DONE]}; streamed tool calls arrive as argument fragments
 * keyed by index and are assembled here.
 *
 * <p>Thread-safe; one instance per provider id, shared by all calls. Blocking and cancellation as
 * described by {@link LlmProvider}.
 */
final class OpenAiProvider implements LlmProvider {

  /**
   * What differs between the servers speaking this protocol.
   *
   * @param tokenLimitField {@code max_completion_tokens} (OpenAI) or {@code max_tokens} (most others)
   * @param strictSchema whether structured output asks for {@code strict} schema adherence; even then a
   *     schema that breaks strict mode's rules ({@link StrictSchema}) is sent with {@code strict: false}
   * @param reportsCost whether {@code usage.cost} is the call's cost in US dollars (OpenRouter)
   * @param protocolHeaders headers every request carries (OpenRouter's {@code HTTP-Referer}, {@code X-Title})
   */
  record Options(String tokenLimitField, boolean strictSchema, boolean reportsCost,
      Map<String, String> protocolHeaders) {
    Options {
      Objects.requireNonNull(tokenLimitField, "tokenLimitField");
      protocolHeaders = Map.copyOf(protocolHeaders);
    }
  }

  static final ErrorDialect ERRORS = OpenAiProvider::errorInfo;
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiProvider.class);

  private final ProviderSettings settings;
  private final Options options;
  private final HttpTransport transport;
  private final URI endpoint;
  private final URI embeddingsEndpoint;

  OpenAiProvider(ProviderSettings settings, Options options, HttpTransport transport) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.options = Objects.requireNonNull(options, "options");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.endpoint = Endpoints.resolve(settings.baseUrl(), "/v1", "/chat/completions");
    this.embeddingsEndpoint = Endpoints.resolve(settings.baseUrl(), "/v1", "/embeddings");
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public ChatResponse chat(ChatRequest request, StreamSink call) {
    Map<String, String> headers = new LinkedHashMap<>(options.protocolHeaders());
    headers.put("Accept", request.stream() ? "text/event-stream" : "application/json");
    if (settings.apiKey() != null) {
      headers.put("Authorization", "Bearer " + settings.apiKey().reveal());
    }
    return transport.post(request.context(), endpoint, headers, Json.write(body(request)), ERRORS,
        (in, responseHeaders) -> request.stream() ? readStream(in, responseHeaders, call) : readComplete(in));
  }

  /** {@code POST /v1/embeddings} with {@code input} as a list and {@code encoding_format: float}. */
  @Override
  public boolean supportsEmbeddings() {
    return true;
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request) {
    Map<String, String> headers = new LinkedHashMap<>(options.protocolHeaders());
    headers.put("Accept", "application/json");
    if (settings.apiKey() != null) {
      headers.put("Authorization", "Bearer " + settings.apiKey().reveal());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    body.put("input", request.inputs());
    body.put("encoding_format", "float");
    Json.mergeExtra(body, request.extra());
    return transport.post(embeddingsEndpoint, headers, Json.write(body), ERRORS,
        (in, responseHeaders) -> Embeddings.openAi(settings, request, Embeddings.body(in)));
  }

  Map<String, Object> body(ChatRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    body.put("messages", messages(request.messages()));
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      body.put(options.tokenLimitField(), request.maxTokens());
    }
    if (!request.tools().isEmpty()) {
      List<Object> tools = new ArrayList<>();
      for (ToolDefinition t : request.tools()) {
        tools.add(Map.of("type", "function", "function",
            Map.of("name", t.name(), "description", t.description(), "parameters", t.parameters())));
      }
      body.put("tools", tools);
      ToolChoice choice = request.toolChoice();
      if (choice != null) {
        body.put("tool_choice", choice.mode() == ToolChoice.Mode.TOOL
            ? Map.of("type", "function", "function", Map.of("name", choice.toolName()))
            : choice.toString());
      }
    }
    if (request.logprobs()) {
      body.put("logprobs", true);
    }
    OutputSchema schema = request.outputSchema();
    if (schema != null) {
      boolean strict = options.strictSchema() && StrictSchema.conforms(schema.schema());
      if (options.strictSchema() && !strict && LOG.isDebugEnabled()) {
        LOG.debug("{}: output schema '{}' is sent with strict false because strict mode would refuse it: {}",
            settings.id(), schema.name(), StrictSchema.violations(schema.schema()));
      }
      body.put("response_format", Map.of("type", "json_schema", "json_schema",
          Map.of("name", schema.name(), "schema", schema.schema(), "strict", strict)));
    }
    body.put("stream", request.stream());
    if (request.stream()) {
      body.put("stream_options", Map.of("include_usage", true));
    }
    Json.mergeExtra(body, request.extra());
    return body;
  }

  private static List<Object> messages(List<ChatMessage> messages) {
    List<Object> out = new ArrayList<>();
    for (ChatMessage m : messages) {
      Map<String, Object> msg = new LinkedHashMap<>();
      switch (m.role()) {
        case SYSTEM -> {
          msg.put("role", "system");
          msg.put("content", m.content());
        }
        case USER -> {
          msg.put("role", "user");
          msg.put("content", m.content());
        }
        case ASSISTANT -> {
          msg.put("role", "assistant");
          msg.put("content", m.content().isEmpty() && !m.toolCalls().isEmpty() ? null : m.content());
          if (!m.toolCalls().isEmpty()) {
            List<Object> calls = new ArrayList<>();
            for (ToolCall c : m.toolCalls()) {
              calls.add(Map.of("id", c.id(), "type", "function", "function",
                  Map.of("name", c.name(), "arguments", Json.writeString(c.arguments()))));
            }
            msg.put("tool_calls", calls);
          }
        }
        case TOOL -> {
          var result = Objects.requireNonNull(m.toolResult(), "a TOOL message carries a tool result");
          msg.put("role", "tool");
          msg.put("tool_call_id", result.id());
          msg.put("content", Json.resultText(result));
        }
      }
      out.add(msg);
    }
    return out;
  }

  private ChatResponse readComplete(InputStream in) throws IOException {
    JsonNode root = Json.parse(settings, "the response body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    failOnError(root);
    JsonNode choice = root.path("choices").path(0);
    if (!choice.isObject()) {
      throw Json.malformed(settings, "it has no choices", root.toString());
    }
    JsonNode message = choice.path("message");
    String content = Json.text(message, "content");
    String refusal = Json.text(message, "refusal");
    List<ToolCall> calls = new ArrayList<>();
    JsonNode toolCalls = message.path("tool_calls");
    for (int i = 0; i < toolCalls.size(); i++) {
      JsonNode c = toolCalls.get(i);
      String name = Objects.requireNonNullElse(Json.text(c.path("function"), "name"), "");
      String id = Objects.requireNonNullElse(Json.text(c, "id"), "call_" + i);
      calls.add(new ToolCall(id, name,
          Json.arguments(settings, name, Objects.requireNonNullElse(Json.text(c.path("function"), "arguments"), ""))));
    }
    String finish = finishReason(Json.text(choice, "finish_reason"));
    if (content == null && refusal != null) {
      content = refusal;
      finish = "content_filter";
    }
    Logprobs logprobs = new Logprobs();
    logprobs.add(choice.path("logprobs"));
    return new ChatResponse(Objects.requireNonNullElse(content, ""), calls, finish, usage(root.path("usage")),
        Json.text(root, "model"), metadata(Json.text(root, "id"), logprobs));
  }

  private ChatResponse readStream(InputStream in, HttpHeaders headers, StreamSink call) throws IOException {
    ChunkSink sink = new ChunkSink(call);
    String contentType = headers.firstValue("content-type").orElse("");
    if (contentType.startsWith("application/json")) {
      // some compatible servers ignore "stream": answer the whole response as one chunk
      ChatResponse whole = readComplete(in);
      sink.text(whole.content());
      sink.finish(whole.finishReason());
      return whole;
    }
    SseReader events = new SseReader(new LineReader(in));
    Map<Integer, PartialToolCall> calls = new TreeMap<>();
    String finish = null;
    Usage usage = Usage.ZERO;
    String model = "";
    String responseId = "";
    boolean done = false;
    Logprobs logprobs = new Logprobs();
    for (SseReader.Event event = events.next(); event != null; event = events.next()) {
      if (event.data().strip().equals("[DONE]")) {
        done = true;
        break;
      }
      JsonNode chunk = Json.parse(settings, "a stream event", event.data());
      failOnError(chunk);
      model = Objects.requireNonNullElse(Json.text(chunk, "model"), model);
      responseId = Objects.requireNonNullElse(Json.text(chunk, "id"), responseId);
      if (chunk.path("usage").isObject()) {
        usage = usage(chunk.path("usage"));
      }
      JsonNode choice = chunk.path("choices").path(0);
      if (!choice.isObject()) {
        continue;
      }
      JsonNode delta = choice.path("delta");
      sink.text(Json.text(delta, "content"));
      logprobs.add(choice.path("logprobs"));
      JsonNode deltaCalls = delta.path("tool_calls");
      for (int i = 0; i < deltaCalls.size(); i++) {
        JsonNode d = deltaCalls.get(i);
        int index = d.path("index").asInt(i);
        PartialToolCall partial = calls.computeIfAbsent(index, k -> new PartialToolCall());
        partial.add(Json.text(d, "id"), Json.text(d.path("function"), "name"), Json.text(d.path("function"),
            "arguments"));
      }
      String reason = Json.text(choice, "finish_reason");
      if (reason != null) {
        finish = finishReason(reason);
      }
    }
    if (!done) {
      throw ProviderErrors.streamCut(settings, "'data: [DONE]' line");
    }
    events.drain();
    List<ToolCall> toolCalls = new ArrayList<>();
    calls.forEach((index, partial) -> toolCalls.add(partial.toToolCall(settings, index)));
    sink.finish(finish);
    return new ChatResponse(sink.text(), toolCalls, finish, usage, model.isEmpty() ? null : model,
        metadata(responseId.isEmpty() ? null : responseId, logprobs));
  }

  private void failOnError(JsonNode node) {
    JsonNode error = node.get("error");
    if (error != null && !error.isNull()) {
      ErrorInfo info = errorInfo(node);
      int status = error.path("code").canConvertToInt() ? error.path("code").intValue() : -1;
      throw ProviderErrors.inBody(settings, info, status);
    }
  }

  private Usage usage(JsonNode usage) {
    Double cost = null;
    if (options.reportsCost() && usage.path("cost").isNumber()) {
      cost = usage.path("cost").doubleValue();
    }
    return new Usage(Json.count(usage, "prompt_tokens"), Json.count(usage, "completion_tokens"), cost);
  }

  private static Map<String, Object> metadata(@Nullable String responseId, Logprobs logprobs) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (responseId != null) {
      m.put("id", responseId);
    }
    if (logprobs.tokens > 0) {
      m.put(ChatResponse.LOGPROB_SUM, logprobs.sum);
      m.put(ChatResponse.LOGPROB_TOKENS, logprobs.tokens);
    }
    return m;
  }

  /**
   * The token logprobs of an answer's content, summed: {@code choices[0].logprobs.content[].logprob} of a
   * complete response, or of every stream chunk. Not thread-safe; one per response.
   */
  private static final class Logprobs {
    private double sum;
    private long tokens;

    void add(JsonNode logprobs) {
      JsonNode content = logprobs.path("content");
      for (int i = 0; i < content.size(); i++) {
        JsonNode lp = content.get(i).path("logprob");
        if (lp.isNumber()) {
          sum += lp.doubleValue();
          tokens++;
        }
      }
    }
  }

  static @Nullable String finishReason(@Nullable String reason) {
    if (reason == null) {
      return null;
    }
    return reason.equals("function_call") ? "tool_calls" : reason;
  }

  private static ErrorInfo errorInfo(String body) {
    return Json.tryParse(body).map(OpenAiProvider::errorInfo).orElseGet(() -> ErrorInfo.of(null, body, null));
  }

  /** {@code {"error": {"message", "type", "code"}}}; OpenRouter puts an HTTP status in {@code code}. */
  private static ErrorInfo errorInfo(JsonNode root) {
    JsonNode error = root.path("error");
    if (error.isString()) {
      return ErrorInfo.of(null, error.stringValue(), null);
    }
    String message = Objects.requireNonNullElse(Json.text(error, "message"), root.toString());
    String type = Json.text(error, "type");
    String code = Json.text(error, "code");
    String label = code != null ? code : type;
    ErrorKind kind = null;
    if ("rate_limit_exceeded".equals(code) || "rate_limit_exceeded".equals(type) || "requests".equals(type)
        || "tokens".equals(type)) {
      kind = ErrorKind.RATE_LIMITED;
    } else if ("insufficient_quota".equals(code) || "insufficient_quota".equals(type)) {
      kind = ErrorKind.PERMANENT;
    } else if ("server_error".equals(type) || "server_error".equals(code)) {
      kind = ErrorKind.TRANSIENT;
    } else if ("invalid_request_error".equals(type)) {
      kind = ErrorKind.PERMANENT;
    }
    boolean keyRejected = "invalid_api_key".equals(code) || "invalid_api_key".equals(type)
        || "authentication_error".equals(type);
    return new ErrorInfo(label, message, kind, null, keyRejected);
  }

  /** A tool call whose id, name and argument fragments arrive over several stream events. */
  private static final class PartialToolCall {
    private @Nullable String id;
    private @Nullable String name;
    private final StringBuilder arguments = new StringBuilder();

    void add(@Nullable String id, @Nullable String name, @Nullable String argumentsFragment) {
      if (id != null && !id.isEmpty()) {
        this.id = id;
      }
      if (name != null && !name.isEmpty() && this.name == null) {
        this.name = name;
      }
      if (argumentsFragment != null) {
        arguments.append(argumentsFragment);
      }
    }

    ToolCall toToolCall(ProviderSettings settings, int index) {
      String n = name == null ? "" : name;
      return new ToolCall(id == null ? "call_" + index : id, n, Json.arguments(settings, n, arguments.toString()));
    }
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "OpenAiProvider[id=" + settings.id() + ", type=" + settings.type() + ", endpoint=" + endpoint + "]";
  }
}
