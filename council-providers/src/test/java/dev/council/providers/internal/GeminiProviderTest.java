package dev.council.providers.internal;

import static dev.council.providers.internal.ScriptedServer.json;
import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static dev.council.providers.internal.TestSupport.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

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

class GeminiProviderTest {
  private static final String RESPONSE = """
      {
        "candidates": [
          {
            "content": {"parts": [{"text": "Paris is the capital of France."}], "role": "model"},
            "finishReason": "STOP",
            "avgLogprobs": -0.0123
          }
        ],
        "usageMetadata": {
          "promptTokenCount": 8,
          "candidatesTokenCount": 7,
          "totalTokenCount": 27,
          "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 8}],
          "thoughtsTokenCount": 12
        },
        "modelVersion": "gemini-2.5-flash",
        "responseId": "Gv5uaKOdBqL8xN8Pnpy8-Qg"
      }
      """;

  static final String[] TEXT_STREAM = {
      "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Paris\"}],\"role\": \"model\"},\"index\": 0}],"
          + "\"usageMetadata\": {\"promptTokenCount\": 8,\"totalTokenCount\": 8,\"promptTokensDetails\": "
          + "[{\"modality\": \"TEXT\",\"tokenCount\": 8}]},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"r-1\"}",
      "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" is the capital — très bien.\"}],\"role\": \"model\"},"
          + "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,\"totalTokenCount\": 8},"
          + "\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"r-1\"}",
      "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}],\"role\": \"model\"},\"finishReason\": \"STOP\","
          + "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,\"candidatesTokenCount\": 9,"
          + "\"totalTokenCount\": 17},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"r-1\"}"};

  private ScriptedServer server;
  private GeminiProvider provider;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
    provider = new GeminiProviderFactory().create("gemini",
        config(Map.of("GEMINI_API_KEY", KEY, "GEMINI_BASE_URL", server.baseUrl())), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  private static ChatRequest request(boolean stream) {
    return new ChatRequest("gemini-2.5-flash", List.of(ChatMessage.system("Be brief."),
        ChatMessage.user("Capital of France?")), 0.5, 256, stream, List.of(), null, Map.of(), CallContext.NONE);
  }

  @Test
  void completeResponseGivesTextAndUsageIncludingThoughts() {
    server.enqueue(Reply.json(200, RESPONSE));

    ChatResponse response = provider.chat(request(false), StreamSink.IGNORE);

    assertThat(response.content()).isEqualTo("Paris is the capital of France.");
    assertThat(response.finishReason()).isEqualTo("stop");
    assertThat(response.usage()).isEqualTo(Usage.of(8, 19));
    assertThat(response.model()).isEqualTo("gemini-2.5-flash");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.target()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(sent.header("x-goog-api-key")).isEqualTo(KEY);
    assertThat(sent.json()).isEqualTo(json("""
        {"contents": [{"role": "user", "parts": [{"text": "Capital of France?"}]}],
         "systemInstruction": {"parts": [{"text": "Be brief."}]},
         "generationConfig": {"temperature": 0.5, "maxOutputTokens": 256}}
        """));
  }

  @ParameterizedTest(name = "eol={0} piece={1}")
  @CsvSource({"CRLF, 1", "CRLF, 17", "LF, 5", "LF, 100000"})
  void streamedChunksArriveInOrderWithTheFinalUsage(String eol, int pieceSize) {
    server.enqueue(Reply.sse(ScriptedServer.split(sse(eol.equals("CRLF") ? "\r\n" : "\n", TEXT_STREAM), pieceSize)));
    RecordingCall call = new RecordingCall();

    ChatResponse response = provider.chat(request(true), call);

    assertThat(call.chunks).extracting(c -> c.content()).containsExactly("Paris", " is the capital — très bien.", "");
    call.assertWellFormed("stop");
    assertThat(response.content()).isEqualTo("Paris is the capital — très bien.");
    assertThat(response.usage()).isEqualTo(Usage.of(8, 9));
    assertThat(response.metadata()).containsEntry("id", "r-1");
    assertThat(server.takeRequest().target()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  }

  @Test
  void twoCallParallelToolTurnCarriesTheThoughtSignatureBack() {
    server.enqueue(Reply.json(200, """
        {"candidates": [{"content": {"role": "model", "parts": [
           {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}, "thoughtSignature": "CiQB0e2Kb7sig=="},
           {"functionCall": {"name": "get_time", "args": {"zone": "CET"}}}]},
          "finishReason": "STOP", "index": 0}],
         "usageMetadata": {"promptTokenCount": 120, "candidatesTokenCount": 30, "totalTokenCount": 150},
         "modelVersion": "gemini-2.5-flash"}
        """), Reply.json(200, RESPONSE));
    ChatRequest first = new ChatRequest("gemini-2.5-flash", List.of(ChatMessage.user("Weather and time in Paris?")),
        null, null, false, List.of(weatherTool(), timeTool()), null, Map.of(), CallContext.NONE);

    ChatResponse turn = provider.chat(first, StreamSink.IGNORE);
    assertThat(turn.toolCalls()).extracting(ToolCall::name, ToolCall::arguments).containsExactly(
        tuple("get_weather", Map.of("city", "Paris")),
        tuple("get_time", Map.of("zone", "CET")));
    assertThat(turn.toolCalls()).extracting(ToolCall::id).doesNotHaveDuplicates();
    assertThat(turn.finishReason()).isEqualTo("tool_calls");
    ToolCall weather = turn.toolCalls().get(0);
    ToolCall time = turn.toolCalls().get(1);
    provider.chat(first.withMessages(List.of(ChatMessage.user("Weather and time in Paris?"),
        ChatMessage.assistant("", turn.toolCalls()),
        ChatMessage.tool(new ToolCallResult(weather.id(), "get_weather", Map.of("temp_c", 18), null)),
        ChatMessage.tool(new ToolCallResult(time.id(), "get_time", "12:00", null)))), StreamSink.IGNORE);

    String tools = """
        [{"functionDeclarations": [
          {"name": "get_weather", "description": "Current weather", "parameters": {"type": "object",
            "properties": {"city": {"type": "string"}}, "required": ["city"]}},
          {"name": "get_time", "description": "Current time", "parameters": {"type": "object",
            "properties": {"zone": {"type": "string"}}}}]}]
        """;
    assertThat(server.takeRequest().json()).isEqualTo(json("""
        {"contents": [{"role": "user", "parts": [{"text": "Weather and time in Paris?"}]}], "tools": %s}
        """.formatted(tools)));
    assertThat(server.takeRequest().json()).isEqualTo(json("""
        {"contents": [
           {"role": "user", "parts": [{"text": "Weather and time in Paris?"}]},
           {"role": "model", "parts": [
             {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}, "thoughtSignature": "CiQB0e2Kb7sig=="},
             {"functionCall": {"name": "get_time", "args": {"zone": "CET"}}}]},
           {"role": "user", "parts": [
             {"functionResponse": {"name": "get_weather", "response": {"temp_c": 18}}},
             {"functionResponse": {"name": "get_time", "response": {"result": "12:00"}}}]}],
         "tools": %s}
        """.formatted(tools)));
  }

  @Test
  void functionCallIdsFromGeminiAreEchoed() {
    server.enqueue(Reply.sse(sse("\r\n", """
        {"candidates": [{"content": {"role": "model", "parts": [{"functionCall": {"id": "fc-7", "name": "get_time", \
        "args": {}}}]}, "finishReason": "STOP"}], "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 2}}""")),
        Reply.json(200, RESPONSE));

    ChatResponse turn = provider.chat(request(true).withTools(List.of(timeTool())), new RecordingCall());
    assertThat(turn.toolCalls()).containsExactly(new ToolCall("fc-7", "get_time", Map.of()));
    provider.chat(request(false).withMessages(List.of(ChatMessage.user("Time?"), ChatMessage.assistant("",
        turn.toolCalls()), ChatMessage.tool(new ToolCallResult("fc-7", "get_time", Map.of("t", "12:00"), null)))),
        StreamSink.IGNORE);

    server.takeRequest();
    assertThat(server.takeRequest().json().get("contents")).isEqualTo(json("""
        [{"role": "user", "parts": [{"text": "Time?"}]},
         {"role": "model", "parts": [{"functionCall": {"name": "get_time", "args": {}, "id": "fc-7"}}]},
         {"role": "user", "parts": [{"functionResponse": {"name": "get_time", "response": {"t": "12:00"}, "id": "fc-7"}}]}]
        """));
  }

  @Test
  void structuredOutputSendsAResponseSchemaInGeminisDialect() {
    server.enqueue(Reply.json(200, RESPONSE.replace("Paris is the capital of France.",
        "{\\\"choice\\\": \\\"A\\\"}")));
    Map<String, Object> schema = Map.of("$schema", "https://json-schema.org/draft/2020-12/schema", "type", "object",
        "properties", Map.of("choice", Map.of("type", "string", "const", "A"), "note",
            Map.of("type", List.of("string", "null"))),
        "required", List.of("choice"), "additionalProperties", false);

    ChatResponse response = provider.chat(request(false).withOutputSchema(new OutputSchema("vote", schema)),
        StreamSink.IGNORE);

    assertThat(json(response.content())).isEqualTo(json("{\"choice\": \"A\"}"));
    assertThat(server.takeRequest().json().get("generationConfig")).isEqualTo(json("""
        {"temperature": 0.5, "maxOutputTokens": 256, "responseMimeType": "application/json",
         "responseSchema": {"type": "object", "properties": {"choice": {"type": "string", "enum": ["A"]},
           "note": {"type": "string", "nullable": true}}, "required": ["choice"]}}
        """));
  }

  @Test
  void jsonSchemaDialectSendsTheSchemaUnchanged() {
    try (GeminiProvider modern = new GeminiProviderFactory().create("gemini", config(Map.of("GOOGLE_API_KEY", KEY),
        "council.providers.gemini.base-url", server.baseUrl() + "/v1beta",
        "council.providers.gemini.schema-dialect", "json-schema"), Clock.systemUTC())) {
      server.enqueue(Reply.json(200, RESPONSE));
      Map<String, Object> schema = Map.of("type", "object", "additionalProperties", false);
      modern.chat(request(false).withOutputSchema(new OutputSchema("vote", schema)), StreamSink.IGNORE);
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.target()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
      assertThat(sent.header("x-goog-api-key")).as("GOOGLE_API_KEY is the fallback").isEqualTo(KEY);
      assertThat(sent.json().get("generationConfig").get("responseJsonSchema"))
          .isEqualTo(json("{\"type\": \"object\", \"additionalProperties\": false}"));
    }
  }

  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @CsvSource({
      "429, RESOURCE_EXHAUSTED, RATE_LIMITED",
      "503, UNAVAILABLE, TRANSIENT",
      "500, INTERNAL, TRANSIENT",
      "504, DEADLINE_EXCEEDED, TRANSIENT",
      "400, INVALID_ARGUMENT, PERMANENT",
      "400, FAILED_PRECONDITION, PERMANENT",
      "404, NOT_FOUND, PERMANENT"})
  void httpErrorsAreClassifiedByStatus(int status, String grpcStatus, ErrorKind kind) {
    server.enqueue(Reply.json(status, """
        {"error": {"code": %d, "message": "Details of %s", "status": "%s", "details": [
          {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37s"}]}}
        """.formatted(status, grpcStatus, grpcStatus)));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).startsWith("gemini: ").contains("HTTP " + status + " " + grpcStatus,
        "Details of " + grpcStatus);
    assertThat(e.retryAfter()).isEqualTo(kind == ErrorKind.RATE_LIMITED ? Duration.ofSeconds(37) : null);
  }

  @Test
  void invalidKeyReportedAsBadRequestIsStillAKeyProblem() {
    server.enqueue(Reply.json(400, """
        {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT",
          "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
            "domain": "googleapis.com", "metadata": {"service": "generativelanguage.googleapis.com"}}]}}
        """));
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("rejected the API key from environment variable GEMINI_API_KEY (HTTP 400)");
  }

  @ParameterizedTest(name = "{1} -> {2}")
  @CsvSource({"503, UNAVAILABLE, TRANSIENT", "429, RESOURCE_EXHAUSTED, RATE_LIMITED", "400, INVALID_ARGUMENT, PERMANENT"})
  void errorInTheMiddleOfAStreamIsClassified(int code, String status, ErrorKind kind) {
    server.enqueue(Reply.sse(sse("\r\n", TEXT_STREAM[0], "{\"error\": {\"code\": " + code + ", \"message\": "
        + "\"The model is overloaded.\", \"status\": \"" + status + "\"}}")));
    RecordingCall call = new RecordingCall();

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(true), call));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).contains("The model is overloaded.");
    assertThat(call.text()).isEqualTo("Paris");
  }

  @Test
  void streamEndingWithoutAFinishReasonIsTransient() {
    server.enqueue(Reply.sse(sse("\r\n", TEXT_STREAM[0], TEXT_STREAM[1])));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(true),
        new RecordingCall()));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("ended before its last chunk (one whose candidate has a finishReason)");
  }

  @Test
  void malformedFunctionCallIsTransient() {
    server.enqueue(Reply.json(200, """
        {"candidates": [{"content": {"role": "model", "parts": []}, "finishReason": "MALFORMED_FUNCTION_CALL",
          "finishMessage": "Malformed function call: get_weather(city=)"}]}
        """));
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed function call (Malformed function call: get_weather(city=))");
  }

  @Test
  void blockedPromptEndsWithAContentFilterFinish() {
    server.enqueue(Reply.json(200, """
        {"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": []},
         "usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8}}
        """));
    ChatResponse response = provider.chat(request(false), StreamSink.IGNORE);
    assertThat(response.content()).isEmpty();
    assertThat(response.finishReason()).isEqualTo("content_filter");
    assertThat(response.usage()).isEqualTo(Usage.of(8, 0));
  }

  private static ToolDefinition weatherTool() {
    return new ToolDefinition("get_weather", "Current weather", Map.of("type", "object", "properties",
        Map.of("city", Map.of("type", "string")), "required", List.of("city"), "additionalProperties", false));
  }

  private static ToolDefinition timeTool() {
    return new ToolDefinition("get_time", "Current time", Map.of("type", "object", "properties",
        Map.of("zone", Map.of("type", "string"))));
  }
}
