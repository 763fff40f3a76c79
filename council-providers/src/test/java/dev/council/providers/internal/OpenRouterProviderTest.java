package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static dev.council.providers.internal.TestSupport.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.providers.internal.ScriptedServer.RecordedRequest;
import dev.council.providers.internal.ScriptedServer.Reply;
import dev.council.providers.internal.TestSupport.RecordingCall;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenRouterProviderTest {
  private static final String COMPLETION = """
      {"id": "gen-1749213473-bpDRSAqZ3ZvHbGqNsdTd", "provider": "OpenAI", "model": "openai/gpt-4o",
       "object": "chat.completion", "created": 1749213473,
       "choices": [{"logprobs": null, "finish_reason": "stop", "native_finish_reason": "stop", "index": 0,
         "message": {"role": "assistant", "content": "Paris.", "refusal": null, "reasoning": null}}],
       "usage": {"prompt_tokens": 194, "completion_tokens": 2, "total_tokens": 196, "cost": 0.000495,
         "is_byok": false, "prompt_tokens_details": {"cached_tokens": 0},
         "cost_details": {"upstream_inference_cost": null},
         "completion_tokens_details": {"reasoning_tokens": 0}}}
      """;

  private ScriptedServer server;
  private OpenAiProvider provider;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
    provider = new OpenRouterProviderFactory().create("openrouter", config(Map.of("OPENROUTER_API_KEY", KEY,
        "OPENROUTER_BASE_URL", server.baseUrl() + "/api/v1"),
        "council.providers.openrouter.referer", "https://example.org/my-app",
        "council.providers.openrouter.title", "My App"), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  @Test
  void sendsAttributionHeadersAndReportsCost() {
    server.enqueue(Reply.json(200, COMPLETION));

    ChatResponse response = provider.chat(ChatRequest.of("openai/gpt-4o", "Be brief.", "Capital of France?"),
        StreamSink.IGNORE);

    assertThat(response.content()).isEqualTo("Paris.");
    assertThat(response.usage()).isEqualTo(new Usage(194, 2, 0.000495));
    assertThat(response.model()).isEqualTo("openai/gpt-4o");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.target()).isEqualTo("/api/v1/chat/completions");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(sent.header("HTTP-Referer")).isEqualTo("https://example.org/my-app");
    assertThat(sent.header("X-Title")).isEqualTo("My App");
  }

  @Test
  void titleDefaultsToCouncilAndRefererIsOnlySentWhenConfigured() {
    try (OpenAiProvider plain = new OpenRouterProviderFactory().create("or", config(Map.of("OPENROUTER_API_KEY", KEY),
        "council.providers.or.base-url", server.baseUrl() + "/api/v1"), Clock.systemUTC())) {
      server.enqueue(Reply.json(200, COMPLETION));
      plain.chat(ChatRequest.of("openai/gpt-4o", null, "Hi"), StreamSink.IGNORE);
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.header("X-Title")).isEqualTo("council");
      assertThat(sent.header("HTTP-Referer")).isNull();
      assertThat(sent.json().has("max_tokens")).isFalse();
    }
  }

  @Test
  void streamSkipsProcessingCommentsAndReportsTheCostOfTheLastChunk() {
    String chunk = "{\"id\":\"gen-1\",\"provider\":\"OpenAI\",\"model\":\"openai/gpt-4o\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1749213473,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"%s\"},"
        + "\"finish_reason\":%s,\"native_finish_reason\":%s,\"logprobs\":null}]}";
    String body = ": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\n" + sse("\n",
        chunk.formatted("Par", "null", "null"), chunk.formatted("is.", "null", "null"),
        chunk.formatted("", "\"stop\"", "\"stop\""),
        "{\"id\":\"gen-1\",\"provider\":\"OpenAI\",\"model\":\"openai/gpt-4o\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1749213473,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"finish_reason\":null,\"native_finish_reason\":null,\"logprobs\":null}],\"usage\":{\"prompt_tokens\":194,"
            + "\"completion_tokens\":3,\"total_tokens\":197,\"cost\":0.00052,\"is_byok\":false}}",
        "[DONE]");
    server.enqueue(Reply.sse(ScriptedServer.split(body, 6)));
    RecordingCall call = new RecordingCall();

    ChatResponse response = provider.chat(ChatRequest.of("openai/gpt-4o", null, "Capital?").withStream(true), call);

    assertThat(call.chunks).extracting(c -> c.content()).containsExactly("Par", "is.", "");
    assertThat(response.usage()).isEqualTo(new Usage(194, 3, 0.00052));
  }

  @Test
  void midStreamErrorWithFinishReasonErrorIsTransient() {
    server.enqueue(Reply.sse(sse("\n",
        "{\"id\":\"cmpl-abc123\",\"object\":\"chat.completion.chunk\",\"created\":1234567890,\"model\":\"openai/gpt-4o\","
            + "\"provider\":\"openai\",\"error\":{\"code\":\"server_error\",\"message\":\"Provider disconnected "
            + "unexpectedly\"},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}")));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(
        ChatRequest.of("openai/gpt-4o", null, "Hi").withStream(true), new RecordingCall()));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).isEqualTo("openrouter: the provider reported an error in the middle of the response "
        + "(server_error): Provider disconnected unexpectedly");
  }

  @Test
  void numericErrorCodesAreReadAsHttpStatuses() {
    server.enqueue(Reply.json(200, "{\"error\": {\"code\": 429, \"message\": \"Rate limit exceeded: free-models-per-min\","
        + " \"metadata\": {\"headers\": {\"X-RateLimit-Limit\": \"20\"}}}}"),
        Reply.status(402).header("Content-Type", "application/json").piece("{\"error\": {\"code\": 402, \"message\": "
            + "\"Insufficient credits\"}}").build());

    ProviderException limited = catchThrowableOfType(ProviderException.class, () -> provider.chat(
        ChatRequest.of("openai/gpt-4o:free", null, "Hi"), StreamSink.IGNORE));
    ProviderException broke = catchThrowableOfType(ProviderException.class, () -> provider.chat(
        ChatRequest.of("openai/gpt-4o", null, "Hi"), StreamSink.IGNORE));

    assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(limited.getMessage()).contains("Rate limit exceeded: free-models-per-min");
    assertThat(broke.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(broke.getMessage()).contains("HTTP 402", "Insufficient credits");
  }

  @Test
  void rateLimitHonoursRetryAfter() {
    server.enqueue(Reply.status(429).header("Retry-After", "3").header("Content-Type", "application/json")
        .piece("{\"error\": {\"code\": 429, \"message\": \"Rate limited\"}}").build());
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(
        ChatRequest.of("openai/gpt-4o", null, "Hi"), StreamSink.IGNORE));
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
  }
}
