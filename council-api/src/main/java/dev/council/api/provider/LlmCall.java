package dev.council.api.provider;

/**
 * Receives what a provider streams during one {@link dev.council.api.spi.LlmProvider#chat} call.
 * Called on the calling thread, in stream order; must not block for long.
 */
@FunctionalInterface
public interface LlmCall {
  /** Discards chunks. */
  LlmCall IGNORE = chunk -> {};

  void onChunk(StreamChunk chunk);
}
