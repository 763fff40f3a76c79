package dev.council.api.provider;

import dev.council.api.JsonTrees;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request for embedding vectors: one vector per input text, in order, from one embedding model.
 * Immutable and thread-safe.
 *
 * @param model the embedding model (e.g. {@code text-embedding-3-small}, {@code nomic-embed-text},
 *     {@code text-embedding-004}); never blank
 * @param inputs the texts to embed, at least one; never null elements
 * @param extra provider-specific fields merged into the request body (e.g. {@code dimensions}); empty when
 *     none
 */
public record EmbeddingRequest(String model, List<String> inputs, Map<String, Object> extra) implements Serializable {
  public EmbeddingRequest {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("an embedding request needs a model name");
    }
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("an embedding request needs at least one input text");
    }
    extra = extra == null ? Map.of() : JsonTrees.copyTree(extra);
  }

  /** A request for {@code inputs} with no extra fields. */
  public static EmbeddingRequest of(String model, List<String> inputs) {
    return new EmbeddingRequest(model, inputs, Map.of());
  }
}
