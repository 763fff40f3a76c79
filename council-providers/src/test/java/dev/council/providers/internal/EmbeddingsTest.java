package dev.council.providers.internal;

import static dev.council.providers.internal.ScriptedServer.json;
import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.provider.EmbeddingRequest;
import dev.council.api.provider.EmbeddingResponse;
import dev.council.api.provider.ProviderException;
import dev.council.api.spi.LlmProvider;
import dev.council.providers.internal.ScriptedServer.RecordedRequest;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Embeddings over each wire format against a local server: the request each provider sends (path, key
 * header, body), the vectors read back in input order, usage, error bodies classified, and the key never in
 * a message.
 */
class EmbeddingsTest {
  private ScriptedServer server;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiProvider openAi() {
    return new OpenAiProviderFactory().create("openai",
        config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())), Clock.systemUTC());
  }

  private OllamaProvider ollama() {
    return new OllamaProviderFactory().create("ollama",
        config(Map.of("OLLAMA_HOST", server.baseUrl().substring("http://".length()))), Clock.systemUTC());
  }

  private GeminiProvider gemini() {
    return new GeminiProviderFactory().create("gemini",
        config(Map.of("GEMINI_API_KEY", KEY, "GEMINI_BASE_URL", server.baseUrl())), Clock.systemUTC());
  }

  @Test
  void openAiPostsToV1EmbeddingsAndOrdersVectorsByIndex() {
    server.enqueue(Reply.json(200, """
        {"object": "list",
         "data": [
           {"object": "embedding", "index": 1, "embedding": [0.5, -0.25, 0.0]},
           {"object": "embedding", "index": 0, "embedding": [0.0023064255, -0.009327292, 0.015797347]}],
         "model": "text-embedding-3-small",
         "usage": {"prompt_tokens": 8, "total_tokens": 8}}
        """));
    try (OpenAiProvider p = openAi()) {
      EmbeddingResponse r = p.embed(new EmbeddingRequest("text-embedding-3-small", List.of("first", "second"),
          Map.of("dimensions", 3)));

      assertThat(p.supportsEmbeddings()).isTrue();
      assertThat(r.vectors()).containsExactly(List.of(0.0023064255, -0.009327292, 0.015797347),
          List.of(0.5, -0.25, 0.0));
      assertThat(r.usage()).isEqualTo(Usage.of(8, 0));
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.method()).isEqualTo("POST");
      assertThat(sent.target()).isEqualTo("/v1/embeddings");
      assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
      assertThat(sent.json()).isEqualTo(json("""
          {"model": "text-embedding-3-small", "input": ["first", "second"], "encoding_format": "float",
           "dimensions": 3}"""));
    }
  }

  @Test
  void openAiErrorBodyIsClassifiedAndNeverCarriesTheKey() {
    server.enqueue(Reply.json(401, """
        {"error": {"message": "Incorrect API key provided: %s. You can find your API key at
          https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", "param": null,
          "code": "invalid_api_key"}}
        """.formatted(KEY)));
    try (OpenAiProvider p = openAi()) {
      ProviderException e = catchThrowableOfType(ProviderException.class,
          () -> p.embed(EmbeddingRequest.of("text-embedding-3-small", List.of("x"))));

      assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(e.httpStatus()).isEqualTo(401);
      assertThat(e.getMessage()).doesNotContain(KEY);
    }
  }

  @Test
  void openAiMalformedEmbeddingsAreTransientErrors() {
    server.enqueue(Reply.json(200, """
        {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": "AAAA"}]}"""));
    try (OpenAiProvider p = openAi()) {
      ProviderException e = catchThrowableOfType(ProviderException.class,
          () -> p.embed(EmbeddingRequest.of("text-embedding-3-small", List.of("x"))));

      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).startsWith("openai: malformed response: an embedding is not a non-empty array"
          + " of numbers");
    }
  }

  @Test
  void openRouterSpeaksTheSameEmbeddingsProtocolUnderItsApiPath() {
    server.enqueue(Reply.json(200, """
        {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.25, 0.75]}],
         "model": "openai/text-embedding-3-small", "usage": {"prompt_tokens": 3, "total_tokens": 3}}"""));
    try (LlmProvider p = new OpenRouterProviderFactory().create("openrouter", config(Map.of("OPENROUTER_API_KEY",
        KEY, "OPENROUTER_BASE_URL", server.baseUrl() + "/api/v1")), Clock.systemUTC())) {
      EmbeddingResponse r = p.embed(EmbeddingRequest.of("openai/text-embedding-3-small", List.of("hello")));

      assertThat(r.vectors()).containsExactly(List.of(0.25, 0.75));
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.target()).isEqualTo("/api/v1/embeddings");
      assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
      assertThat(sent.header("X-Title")).isEqualTo("council");
    }
  }

  @Test
  void ollamaPostsToApiEmbed() {
    server.enqueue(Reply.json(200, """
        {"model": "all-minilm", "embeddings": [[0.010071029, -0.0017594862, 0.05007221],
          [-0.0098027075, 0.06042469, 0.025257962]], "total_duration": 14143917, "load_duration": 1019500,
          "prompt_eval_count": 8}"""));
    try (OllamaProvider p = ollama()) {
      EmbeddingResponse r = p.embed(EmbeddingRequest.of("all-minilm", List.of("Why is the sky blue?",
          "Why is the grass green?")));

      assertThat(r.vectors()).hasSize(2);
      assertThat(r.vectors().get(1)).containsExactly(-0.0098027075, 0.06042469, 0.025257962);
      assertThat(r.usage()).isEqualTo(Usage.of(8, 0));
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.target()).isEqualTo("/api/embed");
      assertThat(sent.json()).isEqualTo(json("""
          {"model": "all-minilm", "input": ["Why is the sky blue?", "Why is the grass green?"]}"""));
    }
  }

  @Test
  void ollamaUnknownModelErrorIsPermanentWithItsMessage() {
    server.enqueue(Reply.json(404, """
        {"error": "model \\"nomic-embed-text\\" not found, try pulling it first"}"""));
    try (OllamaProvider p = ollama()) {
      ProviderException e = catchThrowableOfType(ProviderException.class,
          () -> p.embed(EmbeddingRequest.of("nomic-embed-text", List.of("x"))));

      assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(e.getMessage()).contains("not found, try pulling it first");
    }
  }

  @Test
  void geminiEmbedsOneTextWithEmbedContentAndSeveralWithBatchEmbedContents() {
    server.enqueue(Reply.json(200, """
        {"embedding": {"values": [0.013168523, -0.008711934, -0.046782676]}}"""));
    server.enqueue(Reply.json(200, """
        {"embeddings": [{"values": [0.1, 0.2, 0.3]}, {"values": [-0.3, -0.2, -0.1]}]}"""));
    try (GeminiProvider p = gemini()) {
      EmbeddingResponse one = p.embed(EmbeddingRequest.of("text-embedding-004", List.of("What is the meaning of life?")));
      EmbeddingResponse two = p.embed(EmbeddingRequest.of("text-embedding-004", List.of("a", "b")));

      assertThat(one.vectors()).containsExactly(List.of(0.013168523, -0.008711934, -0.046782676));
      assertThat(two.vectors()).containsExactly(List.of(0.1, 0.2, 0.3), List.of(-0.3, -0.2, -0.1));
      RecordedRequest first = server.takeRequest();
      assertThat(first.target()).isEqualTo("/v1beta/models/text-embedding-004:embedContent");
      assertThat(first.header("x-goog-api-key")).isEqualTo(KEY);
      assertThat(first.target()).doesNotContain(KEY);
      assertThat(first.json()).isEqualTo(json("""
          {"model": "models/text-embedding-004", "content": {"parts": [{"text": "What is the meaning of life?"}]}}"""));
      RecordedRequest second = server.takeRequest();
      assertThat(second.target()).isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
      assertThat(second.json()).isEqualTo(json("""
          {"requests": [
            {"model": "models/text-embedding-004", "content": {"parts": [{"text": "a"}]}},
            {"model": "models/text-embedding-004", "content": {"parts": [{"text": "b"}]}}]}"""));
    }
  }

  @Test
  void geminiRateLimitIsRateLimited() {
    server.enqueue(Reply.json(429, """
        {"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).",
          "status": "RESOURCE_EXHAUSTED"}}"""));
    try (GeminiProvider p = gemini()) {
      ProviderException e = catchThrowableOfType(ProviderException.class,
          () -> p.embed(EmbeddingRequest.of("text-embedding-004", List.of("x"))));

      assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(e.getMessage()).contains("Resource has been exhausted").doesNotContain(KEY);
    }
  }

  @Test
  void aProviderWithoutEmbeddingsSaysSoByName() {
    try (LlmProvider anthropic = new AnthropicProviderFactory().create("claude",
        config(Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.baseUrl())), Clock.systemUTC())) {
      ProviderException e = catchThrowableOfType(ProviderException.class,
          () -> anthropic.embed(EmbeddingRequest.of("any", List.of("x"))));

      assertThat(anthropic.supportsEmbeddings()).isFalse();
      assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(e.getMessage()).startsWith("embeddings are not supported by provider 'claude'");
    }
  }
}
