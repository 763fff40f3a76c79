package dev.council.providers.internal;

import static dev.council.providers.internal.ScriptedServer.json;
import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
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
import dev.council.providers.internal.TestSupport.RecordingCall;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicProviderTest {
  private static final String MESSAGE = """
      {
        "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5-20250929",
        "content": [{"type": "text", "text": "Paris is the capital of France."}],
        "stop_reason": "end_turn",
        "stop_sequence": null,
        "usage": {"input_tokens": 21, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 4,
                  "output_tokens": 9, "service_tier": "standard"}
      }
      """;

  static final String TEXT_STREAM = events(
      "message_start", "{\"type\": \"message_start\", \"message\": {\"id\": \"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY\", "
          + "\"type\": \"message\", \"role\": \"assistant\", \"content\": [], \"model\": \"claude-sonnet-4-5-20250929\", "
          + "\"stop_reason\": null, \"stop_sequence\": null, \"usage\": {\"input_tokens\": 25, \"output_tokens\": 1}}}",
      "content_block_start", "{\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", "
          + "\"text\": \"\"}}",
      "ping", "{\"type\": \"ping\"}",
      "content_block_delta", "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", "
          + "\"text\": \"Paris\"}}",
      "content_block_delta", "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", "
          + "\"text\": \" is the capital — oui.\"}}",
      "content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 0}",
      "message_delta", "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", \"stop_sequence\": null}, "
          + "\"usage\": {\"output_tokens\": 15}}",
      "message_stop", "{\"type\": \"message_stop\"}");

  private ScriptedServer server;
  private AnthropicProvider provider;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
    provider = new AnthropicProviderFactory().create("claude",
        config(Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.baseUrl())), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  /** Typed SSE: pairs of event name and data. */
  private static String events(String... namesAndData) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < namesAndData.length; i += 2) {
      sb.append("event: ").append(namesAndData[i]).append('\n').append("data: ").append(namesAndData[i + 1])
          .append("\n\n");
    }
    return sb.toString();
  }

  private static ChatRequest request(boolean stream) {
    return new ChatRequest("claude-sonnet-4-5", List.of(ChatMessage.system("Be brief."),
        ChatMessage.user("Capital of France?")), null, null, stream, List.of(), null, Map.of(), CallContext.NONE);
  }

  @Test
  void completeResponseGivesTextAndUsageWithTheSystemPromptOnTop() {
    server.enqueue(Reply.json(200, MESSAGE));

    ChatResponse response = provider.chat(request(false), StreamSink.IGNORE);

    assertThat(response.content()).isEqualTo("Paris is the capital of France.");
    assertThat(response.finishReason()).isEqualTo("stop");
    assertThat(response.usage()).as("cache reads count as input").isEqualTo(Usage.of(25, 9));
    assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.target()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo(KEY);
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.header("Authorization")).isNull();
    assertThat(sent.json()).isEqualTo(json("""
        {"model": "claude-sonnet-4-5", "max_tokens": 1024, "system": "Be brief.",
         "messages": [{"role": "user", "content": "Capital of France?"}], "stream": false}
        """));
  }

  @ParameterizedTest(name = "eol={0} piece={1}")
  @CsvSource({"LF, 1", "LF, 13", "CRLF, 4", "CRLF, 100000"})
  void streamedEventsBecomeChunksInOrder(String eol, int pieceSize) {
    String body = eol.equals("CRLF") ? TEXT_STREAM.replace("\n", "\r\n") : TEXT_STREAM;
    server.enqueue(Reply.sse(ScriptedServer.split(body, pieceSize)));
    RecordingCall call = new RecordingCall();

    ChatResponse response = provider.chat(request(true), call);

    assertThat(call.chunks).extracting(c -> c.content()).containsExactly("Paris", " is the capital — oui.", "");
    call.assertWellFormed("stop");
    assertThat(response.content()).isEqualTo("Paris is the capital — oui.");
    assertThat(response.usage()).isEqualTo(Usage.of(25, 15));
    assertThat(response.metadata()).containsEntry("id", "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.json().get("stream").asBoolean()).isTrue();
    assertThat(sent.header("Accept")).isEqualTo("text/event-stream");
  }

  @Test
  void twoCallParallelToolTurnSendsResultsInOneUserTurn() {
    server.enqueue(Reply.json(200, """
        {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
         "content": [
           {"type": "text", "text": "Let me look both up."},
           {"type": "tool_use", "id": "toolu_01A", "name": "get_weather", "input": {"city": "Paris"}},
           {"type": "tool_use", "id": "toolu_01B", "name": "get_time", "input": {"zone": "CET"}}],
         "stop_reason": "tool_use", "stop_sequence": null, "usage": {"input_tokens": 300, "output_tokens": 90}}
        """), Reply.json(200, MESSAGE));
    ChatRequest first = new ChatRequest("claude-sonnet-4-5", List.of(ChatMessage.user("Weather and time in Paris?")),
        null, 500, false, List.of(weatherTool(), timeTool()), null, Map.of(), CallContext.NONE);

    ChatResponse turn = provider.chat(first, StreamSink.IGNORE);
    assertThat(turn.toolCalls()).containsExactly(new ToolCall("toolu_01A", "get_weather", Map.of("city", "Paris")),
        new ToolCall("toolu_01B", "get_time", Map.of("zone", "CET")));
    assertThat(turn.finishReason()).isEqualTo("tool_calls");
    assertThat(turn.content()).isEqualTo("Let me look both up.");
    provider.chat(first.withMessages(List.of(ChatMessage.user("Weather and time in Paris?"),
        ChatMessage.assistant(turn.content(), turn.toolCalls()),
        ChatMessage.tool(new ToolCallResult("toolu_01A", "get_weather", Map.of("temp_c", 18), null)),
        ChatMessage.tool(new ToolCallResult("toolu_01B", "get_time", null, "clock unavailable")))), StreamSink.IGNORE);

    String tools = """
        [{"name": "get_weather", "description": "Current weather", "input_schema": {"type": "object",
           "properties": {"city": {"type": "string"}}, "required": ["city"]}},
         {"name": "get_time", "description": "Current time", "input_schema": {"type": "object",
           "properties": {"zone": {"type": "string"}}}}]
        """;
    assertThat(server.takeRequest().json()).isEqualTo(json("""
        {"model": "claude-sonnet-4-5", "max_tokens": 500,
         "messages": [{"role": "user", "content": "Weather and time in Paris?"}], "tools": %s, "stream": false}
        """.formatted(tools)));
    assertThat(server.takeRequest().json()).isEqualTo(json("""
        {"model": "claude-sonnet-4-5", "max_tokens": 500, "messages": [
           {"role": "user", "content": "Weather and time in Paris?"},
           {"role": "assistant", "content": [
             {"type": "text", "text": "Let me look both up."},
             {"type": "tool_use", "id": "toolu_01A", "name": "get_weather", "input": {"city": "Paris"}},
             {"type": "tool_use", "id": "toolu_01B", "name": "get_time", "input": {"zone": "CET"}}]},
           {"role": "user", "content": [
             {"type": "tool_result", "tool_use_id": "toolu_01A", "content": "{\\"temp_c\\":18}"},
             {"type": "tool_result", "tool_use_id": "toolu_01B", "content": "clock unavailable", "is_error": true}]}],
         "tools": %s, "stream": false}
        """.formatted(tools)));
  }

  @Test
  void streamedToolUseIsAssembledFromInputJsonDeltas() {
    server.enqueue(Reply.sse(ScriptedServer.split(events(
        "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,\"usage\":{\"input_tokens\":300,"
            + "\"output_tokens\":1}}}",
        "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
            + "\"id\":\"toolu_01A\",\"name\":\"get_weather\",\"input\":{}}}",
        "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"\"}}",
        "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"{\\\"city\\\": \\\"Pa\"}}",
        "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"ris\\\"}\"}}",
        "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
        "content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
            + "\"id\":\"toolu_01B\",\"name\":\"get_time\",\"input\":{}}}",
        "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"{\\\"zone\\\": \\\"CET\\\"}\"}}",
        "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}",
        "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":89}}",
        "message_stop", "{\"type\":\"message_stop\"}"), 9)));
    RecordingCall call = new RecordingCall();

    ChatResponse response = provider.chat(request(true).withTools(List.of(weatherTool(), timeTool())), call);

    assertThat(response.toolCalls()).containsExactly(new ToolCall("toolu_01A", "get_weather", Map.of("city", "Paris")),
        new ToolCall("toolu_01B", "get_time", Map.of("zone", "CET")));
    assertThat(response.finishReason()).isEqualTo("tool_calls");
    assertThat(response.usage()).isEqualTo(Usage.of(300, 89));
    call.assertWellFormed("tool_calls");
  }

  @Test
  void structuredOutputIsAForcedToolWhoseInputIsTheAnswer() {
    server.enqueue(Reply.json(200, """
        {"id": "msg_3", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
         "content": [{"type": "tool_use", "id": "toolu_01V", "name": "vote", "input": {"choice": "A", "confidence": 0.9}}],
         "stop_reason": "tool_use", "usage": {"input_tokens": 50, "output_tokens": 20}}
        """));

    ChatResponse response = provider.chat(request(false).withOutputSchema(new OutputSchema("vote", voteSchema())),
        StreamSink.IGNORE);

    assertThat(json(response.content())).isEqualTo(json("{\"choice\": \"A\", \"confidence\": 0.9}"));
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo("stop");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.json().get("tools")).isEqualTo(json("""
        [{"name": "vote", "description": "Give your final answer by calling this tool: its input is the answer, as JSON matching the schema.",
          "input_schema": {"type": "object", "properties": {"choice": {"type": "string"}, "confidence": {"type": "number"}},
                           "required": ["choice", "confidence"]}}]
        """));
    assertThat(sent.json().get("tool_choice")).isEqualTo(json("{\"type\": \"tool\", \"name\": \"vote\"}"));
  }

  @Test
  void streamedStructuredOutputStreamsTheJsonOfTheForcedTool() {
    server.enqueue(Reply.sse(events(
        "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_4\",\"model\":\"claude-sonnet-4-5\","
            + "\"usage\":{\"input_tokens\":50,\"output_tokens\":1}}}",
        "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
            + "\"id\":\"toolu_01V\",\"name\":\"vote\",\"input\":{}}}",
        "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"{\\\"choice\\\": \\\"A\\\", \"}}",
        "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"\\\"confidence\\\": 0.9}\"}}",
        "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
        "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":20}}",
        "message_stop", "{\"type\":\"message_stop\"}")));
    RecordingCall call = new RecordingCall();

    ChatResponse response = provider.chat(request(true).withOutputSchema(new OutputSchema("vote", voteSchema())),
        call);

    assertThat(call.text()).isEqualTo(response.content()).isEqualTo("{\"choice\": \"A\", \"confidence\": 0.9}");
    call.assertWellFormed("stop");
  }

  @Test
  void structuredOutputWithOtherToolsLetsTheModelPickAnyTool() {
    server.enqueue(Reply.json(200, MESSAGE));
    provider.chat(request(false).withTools(List.of(weatherTool())).withOutputSchema(new OutputSchema("vote",
        voteSchema())), StreamSink.IGNORE);
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.json().get("tool_choice")).isEqualTo(json("{\"type\": \"any\"}"));
    assertThat(sent.json().get("tools").findValuesAsString("name")).containsExactly("get_weather", "vote");
  }

  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @CsvSource({
      "529, overloaded_error, TRANSIENT",
      "500, api_error, TRANSIENT",
      "429, rate_limit_error, RATE_LIMITED",
      "400, invalid_request_error, PERMANENT",
      "404, not_found_error, PERMANENT",
      "413, request_too_large, PERMANENT"})
  void httpErrorsAreClassifiedByStatusAndType(int status, String type, ErrorKind kind) {
    server.enqueue(Reply.status(status).header("Content-Type", "application/json").header("retry-after", "12")
        .piece("{\"type\": \"error\", \"error\": {\"type\": \"" + type + "\", \"message\": \"Details of " + type
            + "\"}, \"request_id\": \"req_011CSHoEeqs5C35K2UUqR7Fy\"}").build());

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).startsWith("claude: ").contains("HTTP " + status + " " + type, "Details of " + type);
    assertThat(e.retryAfter()).isEqualTo(kind == ErrorKind.RATE_LIMITED ? Duration.ofSeconds(12) : null);
  }

  @Test
  void rejectedKeyNamesTheVariable() {
    server.enqueue(Reply.json(401, "{\"type\": \"error\", \"error\": {\"type\": \"authentication_error\", "
        + "\"message\": \"invalid x-api-key\"}}"));
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("rejected the API key from environment variable ANTHROPIC_API_KEY (HTTP 401)")
        .doesNotContain(KEY);
  }

  @Test
  void refusedPermissionIsPermanentAndKeepsTheProvidersReason() {
    server.enqueue(Reply.json(403, "{\"type\": \"error\", \"error\": {\"type\": \"permission_error\", "
        + "\"message\": \"Your API key does not have permission to use the specified resource.\"}}"));
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("refused access for the API key from environment variable ANTHROPIC_API_KEY "
        + "(HTTP 403): Your API key does not have permission");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"overloaded_error, TRANSIENT", "rate_limit_error, RATE_LIMITED", "invalid_request_error, PERMANENT"})
  void errorEventInTheMiddleOfAStreamIsClassifiedByItsType(String type, ErrorKind kind) {
    String head = TEXT_STREAM.substring(0, TEXT_STREAM.indexOf("event: content_block_stop"));
    server.enqueue(Reply.sse(head + "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"" + type
        + "\", \"message\": \"Overloaded\"}}\n\n"));
    RecordingCall call = new RecordingCall();

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(true), call));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).isEqualTo("claude: the provider reported an error in the middle of the response ("
        + type + "): Overloaded");
    assertThat(call.text()).isEqualTo("Paris is the capital — oui.");
  }

  @Test
  void streamEndingBeforeMessageStopIsTransient() {
    String cut = TEXT_STREAM.substring(0, TEXT_STREAM.indexOf("event: message_stop"));
    server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream").framing(Framing.CLOSE).piece(cut)
        .build());

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(true),
        new RecordingCall()));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("ended before its 'message_stop' event");
  }

  @Test
  void configuredMaxTokensIsTheDefaultLimit() {
    try (AnthropicProvider limited = new AnthropicProviderFactory().create("claude", config(Map.of(
        "ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.baseUrl() + "/v1"),
        "council.providers.claude.max-tokens", "4096"), Clock.systemUTC())) {
      server.enqueue(Reply.json(200, MESSAGE));
      limited.chat(request(false), StreamSink.IGNORE);
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.target()).isEqualTo("/v1/messages");
      assertThat(sent.json().get("max_tokens").asInt()).isEqualTo(4096);
    }
  }

  private static Map<String, Object> voteSchema() {
    return Map.of("type", "object", "properties", Map.of("choice", Map.of("type", "string"), "confidence",
        Map.of("type", "number")), "required", List.of("choice", "confidence"));
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
