package dev.council.providers.internal;

import static dev.council.providers.internal.ScriptedServer.json;
import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static dev.council.providers.internal.TestSupport.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ToolChoice;
import dev.council.api.provider.ToolDefinition;
import dev.council.api.spi.LlmProvider;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tool choice on each provider's wire format, and token logprobs from OpenAI-compatible responses. */
class ToolChoiceAndLogprobsTest {
  private static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Current weather in a city",
      Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city")));
  private static final ToolDefinition TIME = new ToolDefinition("get_time", "Local time in a city",
      Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));

  private static final String OPENAI_COMPLETION = """
      {"id": "chatcmpl-1", "object": "chat.completion", "created": 1741569952, "model": "gpt-4o-mini",
       "choices": [{"index": 0, "message": {"role": "assistant", "content": "Paris."},
                    "logprobs": {"content": [
                      {"token": "Paris", "logprob": -0.1, "bytes": [80, 97, 114, 105, 115], "top_logprobs": []},
                      {"token": ".", "logprob": -0.3, "bytes": [46], "top_logprobs": []}],
                     "refusal": null},
                    "finish_reason": "stop"}],
       "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12}}
      """;

  private ScriptedServer server;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ChatRequest request(ToolChoice choice) {
    return new ChatRequest("m", List.of(ChatMessage.user("Weather in Paris?")), null, null, false,
        List.of(WEATHER, TIME), null, Map.of(), CallContext.NONE, choice, false);
  }

  private JsonNode sentBody(LlmProvider provider, String reply, ToolChoice choice) {
    try (provider) {
      server.enqueue(Reply.json(200, reply));
      provider.chat(request(choice), StreamSink.IGNORE);
      return server.takeRequest().json();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode openAi(ToolChoice choice) {
    return sentBody(new OpenAiProviderFactory().create("openai",
        config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())), Clock.systemUTC()),
        OPENAI_COMPLETION, choice);
  }

  private JsonNode anthropic(ToolChoice choice) {
    return sentBody(new AnthropicProviderFactory().create("claude",
        config(Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.baseUrl())), Clock.systemUTC()), """
        {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
         "content": [{"type": "text", "text": "Sunny."}], "stop_reason": "end_turn", "stop_sequence": null,
         "usage": {"input_tokens": 5, "output_tokens": 2}}
        """, choice);
  }

  private JsonNode gemini(ToolChoice choice) {
    return sentBody(new GeminiProviderFactory().create("gemini",
        config(Map.of("GEMINI_API_KEY", KEY, "GEMINI_BASE_URL", server.baseUrl())), Clock.systemUTC()), """
        {"candidates": [{"content": {"parts": [{"text": "Sunny."}], "role": "model"}, "finishReason": "STOP"}],
         "usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": 2, "totalTokenCount": 7},
         "modelVersion": "gemini-2.5-flash"}
        """, choice);
  }

  private JsonNode ollama(ToolChoice choice) {
    return sentBody(new OllamaProviderFactory().create("ollama",
        config(Map.of("OLLAMA_HOST", server.baseUrl())), Clock.systemUTC()), """
        {"model": "llama3.2", "created_at": "2025-06-12T14:13:43.416799Z",
         "message": {"role": "assistant", "content": "Sunny."}, "done_reason": "stop", "done": true,
         "prompt_eval_count": 5, "eval_count": 2}
        """, choice);
  }

  @Test
  void openAiSendsToolChoiceAsStringOrNamedFunction() {
    assertThat(openAi(ToolChoice.AUTO).get("tool_choice")).isEqualTo(json("\"auto\""));
    assertThat(openAi(ToolChoice.NONE).get("tool_choice")).isEqualTo(json("\"none\""));
    assertThat(openAi(ToolChoice.REQUIRED).get("tool_choice")).isEqualTo(json("\"required\""));
    assertThat(openAi(ToolChoice.tool("get_time")).get("tool_choice"))
        .isEqualTo(json("{\"type\": \"function\", \"function\": {\"name\": \"get_time\"}}"));
  }

  @Test
  void withoutAToolChoiceNoProviderSendsOne() {
    assertThat(openAi(null).has("tool_choice")).isFalse();
    assertThat(anthropic(null).has("tool_choice")).isFalse();
    assertThat(gemini(null).has("toolConfig")).isFalse();
    assertThat(ollama(null).get("tools")).hasSize(2);
  }

  @Test
  void anthropicMapsRequiredToAnyAndANamedToolToTool() {
    assertThat(anthropic(ToolChoice.AUTO).get("tool_choice")).isEqualTo(json("{\"type\": \"auto\"}"));
    assertThat(anthropic(ToolChoice.NONE).get("tool_choice")).isEqualTo(json("{\"type\": \"none\"}"));
    assertThat(anthropic(ToolChoice.REQUIRED).get("tool_choice")).isEqualTo(json("{\"type\": \"any\"}"));
    assertThat(anthropic(ToolChoice.tool("get_weather")).get("tool_choice"))
        .isEqualTo(json("{\"type\": \"tool\", \"name\": \"get_weather\"}"));
  }

  @Test
  void geminiMapsToFunctionCallingConfigModes() {
    Function<ToolChoice, JsonNode> config = c -> gemini(c).path("toolConfig").path("functionCallingConfig");
    assertThat(config.apply(ToolChoice.AUTO)).isEqualTo(json("{\"mode\": \"AUTO\"}"));
    assertThat(config.apply(ToolChoice.NONE)).isEqualTo(json("{\"mode\": \"NONE\"}"));
    assertThat(config.apply(ToolChoice.REQUIRED)).isEqualTo(json("{\"mode\": \"ANY\"}"));
    assertThat(config.apply(ToolChoice.tool("get_time")))
        .isEqualTo(json("{\"mode\": \"ANY\", \"allowedFunctionNames\": [\"get_time\"]}"));
  }

  @Test
  void ollamaHasNoToolChoiceSoNoneSendsNoToolsAndANamedToolOnlyThatOne() {
    assertThat(ollama(ToolChoice.NONE).has("tools")).isFalse();
    JsonNode named = ollama(ToolChoice.tool("get_time")).get("tools");
    assertThat(named).hasSize(1);
    assertThat(named.get(0).path("function").path("name").asString()).isEqualTo("get_time");
    assertThat(ollama(ToolChoice.REQUIRED).get("tools")).hasSize(2);
    assertThat(ollama(ToolChoice.REQUIRED).has("tool_choice")).isFalse();
  }

  @Test
  void openAiAsksForLogprobsAndSumsThemFromACompleteResponse() {
    try (OpenAiProvider provider = new OpenAiProviderFactory().create("openai",
        config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())), Clock.systemUTC())) {
      server.enqueue(Reply.json(200, OPENAI_COMPLETION));

      ChatResponse response = provider.chat(ChatRequest.of("gpt-4o-mini", null, "Capital of France?")
          .withLogprobs(true), StreamSink.IGNORE);

      assertThat(server.takeRequest().json().get("logprobs").asBoolean()).isTrue();
      assertThat(((Number) response.metadata().get(ChatResponse.LOGPROB_SUM)).doubleValue())
          .isCloseTo(-0.4, within(1e-9));
      assertThat(response.metadata()).containsEntry(ChatResponse.LOGPROB_TOKENS, 2L);
    }
  }

  @Test
  void openAiSumsLogprobsAcrossStreamChunks() {
    try (OpenAiProvider provider = new OpenAiProviderFactory().create("openai",
        config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())), Clock.systemUTC())) {
      server.enqueue(Reply.sse(sse("\n",
          streamChunk("{\"role\":\"assistant\",\"content\":\"\"}", "{\"content\":[],\"refusal\":null}", null),
          streamChunk("{\"content\":\"Paris\"}", "{\"content\":[{\"token\":\"Paris\",\"logprob\":-0.25,"
              + "\"bytes\":[80,97,114,105,115],\"top_logprobs\":[]}],\"refusal\":null}", null),
          streamChunk("{\"content\":\".\"}", "{\"content\":[{\"token\":\".\",\"logprob\":-0.75,\"bytes\":[46],"
              + "\"top_logprobs\":[]}],\"refusal\":null}", null),
          streamChunk("{}", "null", "\"stop\""),
          "[DONE]")));

      ChatResponse response = provider.chat(ChatRequest.of("gpt-4o-mini", null, "Capital?").withStream(true)
          .withLogprobs(true), StreamSink.IGNORE);

      assertThat(response.content()).isEqualTo("Paris.");
      assertThat(server.takeRequest().json().get("logprobs").asBoolean()).isTrue();
      assertThat(((Number) response.metadata().get(ChatResponse.LOGPROB_SUM)).doubleValue())
          .isCloseTo(-1.0, within(1e-9));
      assertThat(response.metadata()).containsEntry(ChatResponse.LOGPROB_TOKENS, 2L);
    }
  }

  @Test
  void withoutLogprobsRequestedNothingIsAskedOrReported() {
    try (OpenAiProvider provider = new OpenAiProviderFactory().create("openai",
        config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())), Clock.systemUTC())) {
      server.enqueue(Reply.json(200, OPENAI_COMPLETION.replaceAll("(?s)\"logprobs\": \\{.*?\"refusal\": null}",
          "\"logprobs\": null")));

      ChatResponse response = provider.chat(ChatRequest.of("gpt-4o-mini", null, "Capital?"), StreamSink.IGNORE);

      assertThat(server.takeRequest().json().has("logprobs")).isFalse();
      assertThat(response.metadata()).doesNotContainKey(ChatResponse.LOGPROB_SUM);
    }
  }

  private static String streamChunk(String delta, String logprobs, String finishReason) {
    return "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
        + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":" + logprobs
        + ",\"finish_reason\":" + finishReason + "}]}";
  }
}
