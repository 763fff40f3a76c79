package dev.council.providers.internal;

import dev.council.api.provider.StreamSink;
import dev.council.api.provider.StreamChunk;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns text deltas of one streamed response into {@link StreamChunk}s with increasing indexes, and
 * keeps the assembled text. The last chunk is always an empty one carrying the finish reason. Not
 * thread-safe: used by the thread reading the stream, which is also the thread {@link StreamSink} expects.
 */
final class ChunkSink {
  private final StreamSink call;
  private final StringBuilder text = new StringBuilder();
  private int index;

  ChunkSink(StreamSink call) {
    this.call = Objects.requireNonNull(call, "call");
  }

  /** Passes a non-empty delta on and appends it to the text. */
  void text(@Nullable String delta) {
    if (delta == null || delta.isEmpty()) {
      return;
    }
    text.append(delta);
    call.onChunk(new StreamChunk(delta, null, index++));
  }

  /** Passes the final chunk on; called once, after the stream's terminator. */
  void finish(@Nullable String finishReason) {
    call.onChunk(new StreamChunk("", finishReason, index++));
  }

  String text() {
    return text.toString();
  }
}
