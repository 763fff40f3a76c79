package dev.council.api.provider;

import dev.council.api.Usage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Embedding vectors, one per input of the {@link EmbeddingRequest}, in the same order. Immutable and
 * thread-safe.
 *
 * @param vectors one vector per input; each non-empty
 * @param usage the tokens the provider reported ({@link Usage#ZERO} when it reports none)
 */
public record EmbeddingResponse(List<List<Double>> vectors, Usage usage) implements Serializable {
  public EmbeddingResponse {
    List<List<Double>> copy = new ArrayList<>(vectors.size());
    for (List<Double> v : vectors) {
      copy.add(List.copyOf(v));
    }
    vectors = List.copyOf(copy);
    Objects.requireNonNull(usage, "usage");
  }

  /**
   * The cosine similarity of two vectors of the same length, in [-1, 1]; 0 when either is all zeros.
   *
   * @throws IllegalArgumentException when the lengths differ (they come from different models)
   */
  public static double cosine(List<Double> a, List<Double> b) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("vectors of different lengths (" + a.size() + " and " + b.size()
          + ") cannot be compared; embed both with the same model");
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.size(); i++) {
      double x = a.get(i);
      double y = b.get(i);
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    return na == 0 || nb == 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
  }
}
