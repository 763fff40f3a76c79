package dev.council.providers.internal;

import static dev.council.providers.internal.ScriptedServer.json;
import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static dev.council.providers.internal.TestSupport.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.OutputSchema;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolCallResult;
import dev.council.api.provider.ToolDefinition;
import dev.council.providers.internal.ScriptedServer.End;
import dev.council.providers.internal.ScriptedServer.Framing;
import dev.council.providers.internal.ScriptedServer.RecordedRequest;
import dev.council.providers.internal.ScriptedServer.Reply;
import dev.council.providers.internal.TestSupport.BackgroundCall;
import dev.council.providers.internal.TestSupport.RecordingCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiProviderTest {
  private static final String COMPLETION = """
      {
        "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
        "object": "chat.completion",
        "created": 1741569952,
        "model": "gpt-4o-2024-08-06",
        "choices": [
          {
            "index": 0,
            "message": {
              "role": "assistant",
              "content": "Paris is the capital of France.",
              "refusal": null,
              "annotations": []
            },
            "logprobs": null,
            "finish_reason": "stop"
          }
        ],
        "usage": {
          "prompt_tokens": 19,
          "completion_tokens": 7,
          "total_tokens": 26,
          "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
          "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0}
        },
        "service_tier": "default",
        "system_fingerprint": "fp_50cad350e4"
      }
      """;

  static final String[] TEXT_STREAM = {
      chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null),
      chunk("{\"content\":\"Paris\"}", null),
      chunk("{\"content\":\" is the capital\"}", null),
      chunk("{\"content\":\" of France — ça va.\"}", null),
      chunk("{}", "\"stop\""),
      "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\"gpt-4o-2024-08-06\","
          + "\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":9,\"total_tokens\":28}}",
      "[DONE]"};

  private ScriptedServer server;
  private OpenAiProvider provider;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
    provider = new OpenAiProviderFactory().create("openai",
        config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  private static String chunk(String delta, String finishReason) {
    return "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
        + "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_50cad350e4\",\"choices\":[{\"index\":0,"
        + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}],\"usage\":null}";
  }

  private static ChatRequest request(boolean stream) {
    return new ChatRequest("gpt-4o", List.of(ChatMessage.system("Be brief."), ChatMessage.user("Capital of France?")),
        0.2, 50, stream, List.of(), null, Map.of(), CallContext.NONE);
  }

  @Test
  void completeResponseGivesTextUsageAndModel() {
    server.enqueue(Reply.json(200, COMPLETION));

    ChatResponse response = provider.chat(request(false), StreamSink.IGNORE);

    assertThat(response.content()).isEqualTo("Paris is the capital of France.");
    assertThat(response.finishReason()).isEqualTo("stop");
    assertThat(response.usage()).isEqualTo(Usage.of(19, 7));
    assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(response.metadata()).containsEntry("id", "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.target()).isEqualTo("/v1/chat/completions");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    assertThat(sent.json()).isEqualTo(json("""
        {"model": "gpt-4o",
         "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Capital of France?"}],
         "temperature": 0.2, "max_tokens": 50, "stream": false}
        """));
  }

  @Test
  void toolResultWithNoJsonFormFailsAsValidationBeforeAnyRequest() {
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    ChatRequest request = new ChatRequest("gpt-4o", List.of(ChatMessage.user("Weather in Paris?"),
        ChatMessage.assistant("", List.of(new ToolCall("call_abc", "get_weather", Map.of("city", "Paris")))),
        ChatMessage.tool(new ToolCallResult("call_abc", "get_weather", loop, null))), null, null,
        false, List.of(weatherTool()), null, Map.of(), CallContext.NONE);

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request, StreamSink.IGNORE));

    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(e.getMessage()).contains("cannot write a java.util.ArrayList as JSON")
        .contains("tool results must be maps, lists, strings, numbers, booleans or null");
    assertThat(server.requestCount()).isZero();
  }

  @ParameterizedTest(name = "eol={0} piece={1}")
  @CsvSource({"LF, 1", "LF, 7", "CRLF, 3", "CRLF, 64", "CR, 5", "LF, 100000"})
  void streamedResponseDeliversChunksInOrderHoweverTheBytesAreSplit(String eol, int pieceSize) {
    String lineEnd = switch (eol) {
      case "CRLF" -> "\r\n";
      case "CR" -> "\r";
      default -> "\n";
    };
    String body = ": keep-alive comment" + lineEnd + lineEnd + sse(lineEnd, TEXT_STREAM);
    server.enqueue(Reply.sse(ScriptedServer.split(body, pieceSize)));
    RecordingCall call = new RecordingCall();

    ChatResponse response = provider.chat(request(true), call);

    assertThat(call.chunks).extracting(c -> c.content())
        .containsExactly("Paris", " is the capital", " of France — ça va.", "");
    call.assertWellFormed("stop");
    assertThat(response.content()).isEqualTo("Paris is the capital of France — ça va.");
    assertThat(response.usage()).isEqualTo(Usage.of(19, 9));
    assertThat(response.finishReason()).isEqualTo("stop");
    assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.header("Accept")).isEqualTo("text/event-stream");
    assertThat(sent.json().get("stream").asBoolean()).isTrue();
    assertThat(sent.json().get("stream_options")).isEqualTo(json("{\"include_usage\": true}"));
  }

  @Test
  void chunksArriveWhileTheStreamIsStillOpen() throws Exception {
    CountDownLatch rest = new CountDownLatch(1);
    String all = sse("\n", TEXT_STREAM);
    int cut = all.indexOf("data: ", all.indexOf("Paris")) + 10;
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream").framing(Framing.CHUNKED)
        .piece(all.substring(0, cut)).await(rest).piece(all.substring(cut)).build());
    RecordingCall call = new RecordingCall();

    BackgroundCall background = BackgroundCall.start(provider, request(true), call);
    call.awaitFirstChunk();
    assertThat(call.chunks).extracting(c -> c.content()).containsExactly("Paris");
    rest.countDown();

    assertThat(background.await().content()).isEqualTo("Paris is the capital of France — ça va.");
  }

  @Test
  void parallelToolCallsAreAssembledFromStreamedFragmentsByIndex() {
    server.enqueue(Reply.sse(ScriptedServer.split(sse("\n",
        chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_def\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{\\\"zone\\\"\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\": \\\"Paris\\\"}\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\": \\\"CET\\\"}\"}}]}", null),
        chunk("{}", "\"tool_calls\""),
        "{\"id\":\"chatcmpl-7\",\"choices\":[],\"usage\":{\"prompt_tokens\":80,\"completion_tokens\":40}}",
        "[DONE]"), 11)));
    RecordingCall call = new RecordingCall();

    ChatResponse response = provider.chat(request(true).withTools(List.of(weatherTool(), timeTool())), call);

    assertThat(response.toolCalls()).containsExactly(
        new ToolCall("call_abc", "get_weather", Map.of("city", "Paris")),
        new ToolCall("call_def", "get_time", Map.of("zone", "CET")));
    assertThat(response.finishReason()).isEqualTo("tool_calls");
    assertThat(response.content()).isEmpty();
    assertThat(response.usage()).isEqualTo(Usage.of(80, 40));
    assertThat(call.chunks).hasSize(1);
    call.assertWellFormed("tool_calls");
  }

  @Test
  void twoCallParallelToolTurnSendsToolResultsAsToolMessages() {
    server.enqueue(Reply.json(200, """
        {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
         "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
           "tool_calls": [
             {"id": "call_abc", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}},
             {"id": "call_def", "type": "function", "function": {"name": "get_time", "arguments": "{\\"zone\\": \\"CET\\"}"}}]}}],
         "usage": {"prompt_tokens": 80, "completion_tokens": 40, "total_tokens": 120}}
        """), Reply.json(200, COMPLETION));
    ChatRequest first = new ChatRequest("gpt-4o", List.of(ChatMessage.user("Weather and time in Paris?")), null, null,
        false, List.of(weatherTool(), timeTool()), null, Map.of(), CallContext.NONE);

    ChatResponse turn = provider.chat(first, StreamSink.IGNORE);
    assertThat(turn.toolCalls()).containsExactly(
        new ToolCall("call_abc", "get_weather", Map.of("city", "Paris")),
        new ToolCall("call_def", "get_time", Map.of("zone", "CET")));
    assertThat(turn.finishReason()).isEqualTo("tool_calls");
    ChatRequest second = first.withMessages(List.of(ChatMessage.user("Weather and time in Paris?"),
        ChatMessage.assistant("", turn.toolCalls()),
        ChatMessage.tool(new ToolCallResult("call_abc", "get_weather", Map.of("temp_c", 18), null)),
        ChatMessage.tool(new ToolCallResult("call_def", "get_time", null, "clock unavailable"))));
    provider.chat(second, StreamSink.IGNORE);

    String tools = """
        [{"type": "function", "function": {"name": "get_weather", "description": "Current weather",
           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}},
         {"type": "function", "function": {"name": "get_time", "description": "Current time",
           "parameters": {"type": "object", "properties": {"zone": {"type": "string"}}}}}]
        """;
    assertThat(server.takeRequest().json()).isEqualTo(json("""
        {"model": "gpt-4o", "messages": [{"role": "user", "content": "Weather and time in Paris?"}],
         "tools": %s, "stream": false}
        """.formatted(tools)));
    assertThat(server.takeRequest().json()).isEqualTo(json("""
        {"model": "gpt-4o", "messages": [
           {"role": "user", "content": "Weather and time in Paris?"},
           {"role": "assistant", "content": null, "tool_calls": [
             {"id": "call_abc", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}},
             {"id": "call_def", "type": "function", "function": {"name": "get_time", "arguments": "{\\"zone\\":\\"CET\\"}"}}]},
           {"role": "tool", "tool_call_id": "call_abc", "content": "{\\"temp_c\\":18}"},
           {"role": "tool", "tool_call_id": "call_def", "content": "{\\"error\\":\\"clock unavailable\\"}"}],
         "tools": %s, "stream": false}
        """.formatted(tools)));
  }

  @Test
  void structuredOutputAsksForAStrictJsonSchema() {
    server.enqueue(Reply.json(200, COMPLETION.replace("Paris is the capital of France.",
        "{\\\"choice\\\":\\\"A\\\",\\\"confidence\\\":0.9}")));
    Map<String, Object> schema = Map.of("type", "object", "properties",
        Map.of("choice", Map.of("type", "string"), "confidence", Map.of("type", "number")),
        "required", List.of("choice", "confidence"), "additionalProperties", false);

    ChatResponse response = provider.chat(request(false).withOutputSchema(new OutputSchema("vote", schema)),
        StreamSink.IGNORE);

    assertThat(json(response.content())).isEqualTo(json("{\"choice\":\"A\",\"confidence\":0.9}"));
    assertThat(server.takeRequest().json().get("response_format")).isEqualTo(json("""
        {"type": "json_schema", "json_schema": {"name": "vote", "strict": true, "schema":
          {"type": "object", "properties": {"choice": {"type": "string"}, "confidence": {"type": "number"}},
           "required": ["choice", "confidence"], "additionalProperties": false}}}
        """));
  }

  @Test
  void baseUrlMayAlreadyEndWithV1() {
    try (OpenAiProvider local = new OpenAiProviderFactory().create("local", config(Map.of(),
        "council.providers.local.base-url", server.baseUrl() + "/v1/"), Clock.systemUTC())) {
      server.enqueue(Reply.json(200, COMPLETION));
      local.chat(request(false), StreamSink.IGNORE);
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.target()).isEqualTo("/v1/chat/completions");
      assertThat(sent.header("Authorization")).as("a loopback server needs no key").isNull();
    }
  }

  @Test
  void refusalBecomesContentWithAContentFilterFinish() {
    server.enqueue(Reply.json(200, """
        {"id": "c", "model": "gpt-4o", "choices": [{"index": 0, "finish_reason": "stop",
          "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}],
         "usage": {"prompt_tokens": 5, "completion_tokens": 6}}
        """));
    ChatResponse response = provider.chat(request(false), StreamSink.IGNORE);
    assertThat(response.content()).isEqualTo("I can't help with that.");
    assertThat(response.finishReason()).isEqualTo("content_filter");
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
      "400, PERMANENT, invalid_request_error",
      "404, PERMANENT, model_not_found",
      "422, PERMANENT, invalid_request_error",
      "408, TRANSIENT, timeout",
      "409, TRANSIENT, conflict",
      "500, TRANSIENT, server_error",
      "502, TRANSIENT, bad_gateway",
      "503, TRANSIENT, overloaded",
      "529, TRANSIENT, overloaded",
      "429, RATE_LIMITED, rate_limit_exceeded"})
  void httpErrorsAreClassified(int status, ErrorKind kind, String code) {
    server.enqueue(Reply.status(status).header("Content-Type", "application/json").header("Retry-After", "7")
        .piece("{\"error\": {\"message\": \"Something about " + code + "\", \"type\": \"x\", \"param\": null, "
            + "\"code\": \"" + code + "\"}}").build());

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.getMessage()).startsWith("openai: ").contains("HTTP " + status, code, "Something about " + code);
    if (kind == ErrorKind.RATE_LIMITED) {
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
      assertThat(e.getMessage()).contains("retry after 7s");
    } else {
      assertThat(e.retryAfter()).isNull();
    }
    if (status == 404) {
      assertThat(e.getMessage()).contains("check the model name", "council.providers.openai.base-url");
    }
  }

  @Test
  void rejectedKeyIsPermanentAndNamesTheVariableButNeverTheKey() {
    server.enqueue(Reply.json(401, "{\"error\": {\"message\": \"Incorrect API key provided: " + KEY
        + ". You can find your API key at https://platform.openai.com/account/api-keys.\", \"type\": "
        + "\"invalid_request_error\", \"param\": null, \"code\": \"invalid_api_key\"}}"));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).isEqualTo("openai: the provider rejected the API key from environment variable "
        + "OPENAI_API_KEY (HTTP 401). Check that the key is valid and allowed to use this model, or point "
        + "council.providers.openai.api-key-env at the variable holding the right key");
    assertThat(e.error().toString()).doesNotContain(KEY);
  }

  @Test
  void retryAfterAsHttpDateIsMeasuredFromTheClock() {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    try (OpenAiProvider clocked = new OpenAiProviderFactory().create("openai",
        config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())), Clock.fixed(now, ZoneOffset.UTC))) {
      server.enqueue(Reply.status(429).header("Retry-After", "Sun, 01 Mar 2026 10:00:30 GMT")
          .header("Content-Type", "application/json")
          .piece("{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\"}}").build());

      ProviderException e = catchThrowableOfType(ProviderException.class, () -> clocked.chat(request(false),
          StreamSink.IGNORE));

      assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void retryAfterMillisecondsHeaderWins() {
    server.enqueue(Reply.status(429).header("retry-after-ms", "1500").header("Retry-After", "2")
        .piece("{}").build());
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));
    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"message\": \"The server had an error\", \"type\": \"server_error\"} | TRANSIENT",
      "{\"message\": \"Rate limit reached for gpt-4o\", \"type\": \"tokens\", \"code\": \"rate_limit_exceeded\"} | RATE_LIMITED",
      "{\"message\": \"Provider returned error\", \"code\": 502} | TRANSIENT",
      "{\"message\": \"Bad input\", \"type\": \"invalid_request_error\"} | PERMANENT"})
  void errorEventInTheMiddleOfAStreamIsClassified(String error, ErrorKind kind) {
    server.enqueue(Reply.sse(sse("\n", TEXT_STREAM[1], "{\"error\": " + error + "}")));
    RecordingCall call = new RecordingCall();

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(true), call));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(call.chunks).extracting(c -> c.content()).containsExactly("Paris");
  }

  @Test
  void streamEndingBeforeDoneIsTransient() {
    String body = sse("\n", TEXT_STREAM[0], TEXT_STREAM[1], TEXT_STREAM[4]);
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream").framing(Framing.CLOSE)
        .piece(body).build());

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(true),
        new RecordingCall()));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).isEqualTo("openai: the response stream ended before its 'data: [DONE]' line; the "
        + "connection was cut or the server gave up, so the answer is incomplete");
  }

  @Test
  void connectionCutInsideAChunkedStreamIsTransient() {
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream").framing(Framing.CHUNKED)
        .piece(sse("\n", TEXT_STREAM[1]) + "data: {\"id\":\"chat").end(End.CUT).build());

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(true),
        new RecordingCall()));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).startsWith("openai: the connection to 127.0.0.1:")
        .contains("broke while reading the response");
  }

  @Test
  void malformedBodyIsTransientWithAClearMessage() {
    server.enqueue(Reply.json(200, "{\"id\": \"chatcmpl-1\", \"choices\": [{\"index\": 0, \"mess"));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).startsWith("openai: malformed response: the response body could not be read because "
        + "it is not valid JSON").contains("{\"id\": \"chatcmpl-1\"");
  }

  @Test
  void malformedToolArgumentsAreTransient() {
    server.enqueue(Reply.json(200, """
        {"id": "c", "model": "gpt-4o", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
          "role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
          "function": {"name": "get_weather", "arguments": "{\\"city\\": "}}]}}]}
        """));
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).startsWith("openai: the model called tool 'get_weather' with arguments that are not "
        + "valid JSON");
  }

  @Test
  void serverIgnoringStreamIsAnsweredAsOneChunk() {
    server.enqueue(Reply.json(200, COMPLETION));
    RecordingCall call = new RecordingCall();

    ChatResponse response = provider.chat(request(true), call);

    assertThat(response.content()).isEqualTo("Paris is the capital of France.");
    assertThat(call.chunks).extracting(c -> c.content()).containsExactly("Paris is the capital of France.", "");
    call.assertWellFormed("stop");
  }

  @Test
  void toStringShowsNeitherKeyNorHeaders() {
    assertThat(provider.toString()).doesNotContain(KEY).contains("openai");
  }

  private static ToolDefinition weatherTool() {
    return new ToolDefinition("get_weather", "Current weather", Map.of("type", "object", "properties",
        Map.of("city", Map.of("type", "string")), "required", List.of("city")));
  }

  private static ToolDefinition timeTool() {
    return new ToolDefinition("get_time", "Current time", Map.of("type", "object", "properties",
        Map.of("zone", Map.of("type", "string"))));
  }
}
