package dev.council.providers.internal;

import static dev.council.providers.internal.ScriptedServer.json;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OllamaProviderTest {
  private static final String RESPONSE = """
      {"model": "llama3.2", "created_at": "2025-06-12T14:13:43.416799Z",
       "message": {"role": "assistant", "content": "Paris is the capital of France."},
       "done_reason": "stop", "done": true, "total_duration": 5191566416, "load_duration": 2154458,
       "prompt_eval_count": 26, "prompt_eval_duration": 383809000, "eval_count": 298, "eval_duration": 4799921000}
      """;

  static final String STREAM = String.join("\n",
      "{\"model\":\"llama3.2\",\"created_at\":\"2025-06-12T08:52:19.385406455-07:00\",\"message\":{\"role\":\"assistant\","
          + "\"content\":\"Paris\"},\"done\":false}",
      "{\"model\":\"llama3.2\",\"created_at\":\"2025-06-12T08:52:19.385406455-07:00\",\"message\":{\"role\":\"assistant\","
          + "\"content\":\" is the capital — évidemment.\"},\"done\":false}",
      "{\"model\":\"llama3.2\",\"created_at\":\"2025-06-12T08:52:19.385406455-07:00\",\"message\":{\"role\":\"assistant\","
          + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":4883583458,\"load_duration\":1334875,"
          + "\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,\"eval_count\":282,\"eval_duration\":4535599000}",
      "");

  private ScriptedServer server;
  private OllamaProvider provider;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
    String hostWithoutScheme = server.baseUrl().substring("http://".length());
    provider = new OllamaProviderFactory().create("ollama", config(Map.of("OLLAMA_HOST", hostWithoutScheme)),
        Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  private static ChatRequest request(boolean stream) {
    return new ChatRequest("llama3.2", List.of(ChatMessage.system("Be brief."), ChatMessage.user("Capital of France?")),
        0.3, 128, stream, List.of(), null, Map.of(), CallContext.NONE);
  }

  @Test
  void completeResponseSaysStreamFalseAndReadsTokenCounts() {
    server.enqueue(Reply.json(200, RESPONSE));

    ChatResponse response = provider.chat(request(false), StreamSink.IGNORE);

    assertThat(response.content()).isEqualTo("Paris is the capital of France.");
    assertThat(response.usage()).isEqualTo(Usage.of(26, 298));
    assertThat(response.finishReason()).isEqualTo("stop");
    assertThat(response.model()).isEqualTo("llama3.2");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.target()).isEqualTo("/api/chat");
    assertThat(sent.header("Authorization")).isNull();
    assertThat(sent.json()).isEqualTo(json("""
        {"model": "llama3.2", "messages": [{"role": "system", "content": "Be brief."},
          {"role": "user", "content": "Capital of France?"}], "stream": false,
         "options": {"temperature": 0.3, "num_predict": 128}}
        """));
  }

  @ParameterizedTest(name = "eol={0} piece={1}")
  @CsvSource({"LF, 1", "LF, 10", "CRLF, 3", "CRLF, 100000"})
  void ndjsonStreamBecomesChunksInOrder(String eol, int pieceSize) {
    String body = eol.equals("CRLF") ? STREAM.replace("\n", "\r\n") : STREAM;
    server.enqueue(Reply.status(200).header("Content-Type", "application/x-ndjson").framing(Framing.CHUNKED)
        .pieces(ScriptedServer.split(body, pieceSize)).build());
    RecordingCall call = new RecordingCall();

    ChatResponse response = provider.chat(request(true), call);

    assertThat(call.chunks).extracting(c -> c.content()).containsExactly("Paris", " is the capital — évidemment.", "");
    call.assertWellFormed("stop");
    assertThat(response.content()).isEqualTo("Paris is the capital — évidemment.");
    assertThat(response.usage()).isEqualTo(Usage.of(26, 282));
    assertThat(server.takeRequest().json().get("stream").asBoolean()).isTrue();
  }

  @Test
  void twoCallParallelToolTurnSendsToolMessagesByName() {
    server.enqueue(Reply.json(200, """
        {"model": "qwen3", "created_at": "2025-06-12T14:13:43Z", "message": {"role": "assistant", "content": "",
          "tool_calls": [
            {"function": {"index": 0, "name": "get_weather", "arguments": {"city": "Paris"}}},
            {"id": "call_x1", "function": {"index": 1, "name": "get_time", "arguments": {"zone": "CET"}}}]},
         "done_reason": "stop", "done": true, "prompt_eval_count": 150, "eval_count": 31}
        """), Reply.json(200, RESPONSE));
    ChatRequest first = new ChatRequest("qwen3", List.of(ChatMessage.user("Weather and time in Paris?")), null, null,
        false, List.of(weatherTool(), timeTool()), null, Map.of(), CallContext.NONE);

    ChatResponse turn = provider.chat(first, StreamSink.IGNORE);
    assertThat(turn.toolCalls()).containsExactly(new ToolCall("ollama-call-0", "get_weather", Map.of("city", "Paris")),
        new ToolCall("call_x1", "get_time", Map.of("zone", "CET")));
    assertThat(turn.finishReason()).isEqualTo("tool_calls");
    assertThat(turn.usage()).isEqualTo(Usage.of(150, 31));
    provider.chat(first.withMessages(List.of(ChatMessage.user("Weather and time in Paris?"),
        ChatMessage.assistant("", turn.toolCalls()),
        ChatMessage.tool(new ToolCallResult("ollama-call-0", "get_weather", "18°C", null)),
        ChatMessage.tool(new ToolCallResult("call_x1", "get_time", Map.of("t", "12:00"), null)))), StreamSink.IGNORE);

    String tools = """
        [{"type": "function", "function": {"name": "get_weather", "description": "Current weather",
           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}},
         {"type": "function", "function": {"name": "get_time", "description": "Current time",
           "parameters": {"type": "object", "properties": {"zone": {"type": "string"}}}}}]
        """;
    assertThat(server.takeRequest().json()).isEqualTo(json("""
        {"model": "qwen3", "messages": [{"role": "user", "content": "Weather and time in Paris?"}], "stream": false,
         "tools": %s}
        """.formatted(tools)));
    assertThat(server.takeRequest().json()).isEqualTo(json("""
        {"model": "qwen3", "messages": [
           {"role": "user", "content": "Weather and time in Paris?"},
           {"role": "assistant", "content": "", "tool_calls": [
             {"type": "function", "function": {"index": 0, "name": "get_weather", "arguments": {"city": "Paris"}}},
             {"type": "function", "function": {"index": 1, "name": "get_time", "arguments": {"zone": "CET"}}}]},
           {"role": "tool", "tool_name": "get_weather", "content": "18°C"},
           {"role": "tool", "tool_name": "get_time", "content": "{\\"t\\":\\"12:00\\"}"}],
         "stream": false, "tools": %s}
        """.formatted(tools)));
  }

  @Test
  void structuredOutputSendsTheSchemaAsFormat() {
    server.enqueue(Reply.json(200, RESPONSE.replace("Paris is the capital of France.", "{\\\"choice\\\": \\\"A\\\"}")));
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("choice", Map.of("type", "string")),
        "required", List.of("choice"));

    ChatResponse response = provider.chat(request(false).withOutputSchema(new OutputSchema("vote", schema)),
        StreamSink.IGNORE);

    assertThat(json(response.content())).isEqualTo(json("{\"choice\": \"A\"}"));
    assertThat(server.takeRequest().json().get("format")).isEqualTo(json("""
        {"type": "object", "properties": {"choice": {"type": "string"}}, "required": ["choice"]}
        """));
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({"404, PERMANENT", "400, PERMANENT", "500, TRANSIENT", "503, TRANSIENT", "429, RATE_LIMITED"})
  void httpErrorsAreClassified(int status, ErrorKind kind) {
    server.enqueue(Reply.json(status, "{\"error\": \"model \\\"llama9\\\" not found, try pulling it first\"}"));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).startsWith("ollama: ").contains("HTTP " + status,
        "model \"llama9\" not found, try pulling it first");
  }

  @Test
  void errorLineInTheMiddleOfAStreamIsTransient() {
    server.enqueue(Reply.ndjson(STREAM.lines().findFirst().orElseThrow() + "\n",
        "{\"error\": \"an error was encountered while running the model: unexpected EOF\"}\n"));
    RecordingCall call = new RecordingCall();

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(true), call));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).isEqualTo("ollama: the provider reported an error in the middle of the response: an "
        + "error was encountered while running the model: unexpected EOF");
    assertThat(call.text()).isEqualTo("Paris");
  }

  @Test
  void streamEndingBeforeDoneIsTransient() {
    server.enqueue(Reply.ndjson(STREAM.substring(0, STREAM.indexOf("{\"model\":\"llama3.2\"", 10))));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(true),
        new RecordingCall()));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("ended before its final line (\"done\": true)");
  }

  @Test
  void serverWantingAKeyWhenNoneIsConfiguredSaysHowToSetOne() {
    server.enqueue(Reply.json(401, "{\"error\": \"unauthorized\"}"));
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
        StreamSink.IGNORE));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).isEqualTo("ollama: the server wants an API key (HTTP 401) but none is configured: set "
        + "environment variable OLLAMA_API_KEY, or set council.providers.ollama.api-key-env to the name of the "
        + "variable holding it");
  }

  @Test
  void configuredKeyIsSentAsBearerToken() {
    try (OllamaProvider cloud = new OllamaProviderFactory().create("cloud", config(Map.of("OLLAMA_API_KEY",
        TestSupport.KEY), "council.providers.cloud.base-url", server.baseUrl()), Clock.systemUTC())) {
      server.enqueue(Reply.json(200, RESPONSE));
      cloud.chat(request(false), StreamSink.IGNORE);
      assertThat(server.takeRequest().header("Authorization")).isEqualTo("Bearer " + TestSupport.KEY);
    }
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
