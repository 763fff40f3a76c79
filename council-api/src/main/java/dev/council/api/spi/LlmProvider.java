package dev.council.api.spi;

import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.EmbeddingRequest;
import dev.council.api.provider.EmbeddingResponse;
import dev.council.api.provider.StreamSink;

/**
 * One configured provider endpoint (a provider id such as {@code openai} or {@code local-vllm}), speaking
 * one wire protocol. Retries, timeouts, structured-output validation and the tool loop are the engine
 * dispatcher's job; an adapter makes exactly one request per {@link #chat} call.
 *
 * <p>Thread-safe: called concurrently from many virtual threads. {@link #chat} blocks the calling
 * (virtual) thread; when that thread is interrupted the adapter aborts the HTTP request (the server sees
 * the connection close) and throws a {@link dev.council.api.provider.ProviderException} of kind
 * {@code CANCELLED}.
 */
public interface LlmProvider extends AutoCloseable {

  /** The provider id this instance was created for. */
  String id();

  /**
   * Sends one request. When {@code request.stream()} is true, chunks are passed to {@code sink} in
   * order as they arrive, and the returned response is the assembled stream.
   *
   * @throws dev.council.api.provider.ProviderException classified by kind, with {@code Retry-After}
   */
  ChatResponse chat(ChatRequest request, StreamSink sink);

  /**
   * Whether {@link #embed} is implemented by this provider (OpenAI-compatible {@code /v1/embeddings},
   * Ollama {@code /api/embed}, Gemini {@code embedContent}, the simulated provider). Default false.
   */
  default boolean supportsEmbeddings() {
    return false;
  }

  /**
   * Embeds texts with an embedding model: one vector per input, in order. Blocks like {@link #chat}, one
   * request per call. The default refuses: embeddings are optional for a provider.
   *
   * @throws dev.council.api.provider.ProviderException classified by kind; of kind {@code PERMANENT}
   *     naming the provider when it does not support embeddings
   */
  default EmbeddingResponse embed(EmbeddingRequest request) {
    throw new dev.council.api.provider.ProviderException(dev.council.api.ErrorKind.PERMANENT,
        "embeddings are not supported by provider '" + id() + "'; use a provider that has an embeddings"
            + " endpoint (openai, openrouter or another OpenAI-compatible one, ollama, gemini, simulated)");
  }

  /** Releases connections. Idempotent. */
  @Override
  default void close() {}
}
