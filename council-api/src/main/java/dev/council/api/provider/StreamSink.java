package dev.council.api.provider;

/**
 * Where a provider puts the chunks it streams during one {@link dev.council.api.spi.LlmProvider#chat}
 * call: each text delta as a {@link StreamChunk}, in stream order, then a final empty chunk carrying the
 * finish reason. Called on the calling thread only, never concurrently; an implementation must not block
 * for long, since the provider reads the rest of the stream after it returns. The engine gives each
 * call its own sink; providers keep no reference to it after {@code chat} returns.
 */
@FunctionalInterface
public interface StreamSink {
  /** Discards chunks: for callers that only want the assembled response. */
  StreamSink IGNORE = chunk -> {};

  /** Receives the next chunk of the stream. */
  void onChunk(StreamChunk chunk);
}
