package dev.council.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.provider.EmbeddingRequest;
import dev.council.api.provider.EmbeddingResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated provider's offline embeddings: deterministic, normalized, near when texts share words. */
class SimulatedEmbeddingsTest {
  private final SimulatedProvider provider = SimulatedProvider.create("simulated");

  private List<List<Double>> embed(String... texts) {
    return provider.embed(EmbeddingRequest.of("any-model", List.of(texts))).vectors();
  }

  @Test
  void sameTextSameVectorInAnyCallAndUnitLength() {
    List<Double> a = embed("Kubernetes clusters and deployments").get(0);
    List<Double> b = embed("other", "Kubernetes clusters and deployments").get(1);

    assertThat(a).isEqualTo(b).hasSize(SimulatedProvider.EMBEDDING_DIMENSIONS);
    assertThat(EmbeddingResponse.cosine(a, a)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(provider.supportsEmbeddings()).isTrue();
  }

  @Test
  void sharedTopicWordsAreNearAndStopWordsAndPluralsDoNotCount() {
    List<List<Double>> v = embed("How should we deploy our kubernetes cluster?",
        "kubernetes clusters, deployment and cloud costs", "hiring, salaries and the working week",
        "What should the others do?");

    assertThat(EmbeddingResponse.cosine(v.get(0), v.get(1))).isGreaterThan(0.3);
    assertThat(EmbeddingResponse.cosine(v.get(0), v.get(2))).isZero();
    assertThat(v.get(3)).containsOnly(0.0);
  }
}
