package dev.council.bench;

import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.spi.LlmProvider;

/** The floor the engine is measured against: provider calls fanned out on raw virtual threads. */
final class Floor {
  private Floor() {}

  /**
   * One parallel round: starts a virtual thread per slot of {@code responses}, each calling {@code provider}
   * with {@code request} and storing its response there, then joins them all.
   */
  static void round(LlmProvider provider, ChatRequest request, ChatResponse[] responses) {
    Thread[] threads = new Thread[responses.length];
    for (int i = 0; i < responses.length; i++) {
      int slot = i;
      threads[i] = Thread.startVirtualThread(() -> responses[slot] = provider.chat(request, StreamSink.IGNORE));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while joining a member thread", e);
      }
    }
  }
}
