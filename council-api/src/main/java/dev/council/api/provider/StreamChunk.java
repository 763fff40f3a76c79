package dev.council.api.provider;

import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A piece of a streamed response, normalized across providers.
 *
 * @param content the text delta (may be empty, e.g. for a final chunk that only carries a finish reason)
 * @param finishReason why generation stopped, on the last chunk ({@code stop}, {@code length},
 *     {@code tool_calls}), else null
 * @param index the chunk's position in its stream, from 0
 */
public record StreamChunk(String content, @Nullable String finishReason, int index) implements Serializable {
  public StreamChunk {
    Objects.requireNonNull(content, "content");
  }
}
