package dev.council.providers.internal;

import dev.council.api.Usage;
import dev.council.api.provider.EmbeddingRequest;
import dev.council.api.provider.EmbeddingResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reading embedding responses of the three wire formats: OpenAI-compatible {@code /v1/embeddings}
 * ({@code data[].embedding} with {@code index}), Ollama {@code /api/embed} ({@code embeddings}) and Gemini
 * {@code embedContent}/{@code batchEmbedContents} ({@code embedding.values} / {@code embeddings[].values}).
 * A response that is not what the protocol promises is a {@code TRANSIENT} malformed-response error whose
 * quoted text has the key redacted. Stateless.
 */
final class Embeddings {
  private Embeddings() {}

  /** The whole response body as UTF-8 text. */
  static String body(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** {@code {"data": [{"index": 0, "embedding": [...]}, ...], "usage": {"prompt_tokens": n}}}. */
  static EmbeddingResponse openAi(ProviderSettings settings, EmbeddingRequest request, String text) {
    JsonNode root = Json.parse(settings, "the embeddings response", text);
    JsonNode data = root.path("data");
    if (!data.isArray()) {
      throw Json.malformed(settings, "the embeddings response has no \"data\" array", text);
    }
    List<List<Double>> vectors = new ArrayList<>();
    for (int i = 0; i < request.inputs().size(); i++) {
      vectors.add(null);
    }
    int position = 0;
    for (JsonNode item : data) {
      int index = item.path("index").isIntegralNumber() ? item.path("index").asInt() : position;
      if (index < 0 || index >= vectors.size() || vectors.get(index) != null) {
        throw Json.malformed(settings, "the embeddings response has an unexpected index " + index + " for "
            + vectors.size() + " inputs", text);
      }
      vectors.set(index, vector(settings, item.path("embedding"), text));
      position++;
    }
    JsonNode usage = root.path("usage");
    return response(settings, request, vectors, Usage.of(Json.count(usage, "prompt_tokens"), 0), text);
  }

  /** {@code {"embeddings": [[...], ...], "prompt_eval_count": n}}. */
  static EmbeddingResponse ollama(ProviderSettings settings, EmbeddingRequest request, String text) {
    JsonNode root = Json.parse(settings, "the embeddings response", text);
    JsonNode embeddings = root.path("embeddings");
    if (!embeddings.isArray()) {
      throw Json.malformed(settings, "the embeddings response has no \"embeddings\" array", text);
    }
    List<List<Double>> vectors = new ArrayList<>();
    for (JsonNode v : embeddings) {
      vectors.add(vector(settings, v, text));
    }
    return response(settings, request, vectors, Usage.of(Json.count(root, "prompt_eval_count"), 0), text);
  }

  /** {@code {"embedding": {"values": [...]}}} or {@code {"embeddings": [{"values": [...]}, ...]}}. */
  static EmbeddingResponse gemini(ProviderSettings settings, EmbeddingRequest request, String text) {
    JsonNode root = Json.parse(settings, "the embeddings response", text);
    List<List<Double>> vectors = new ArrayList<>();
    if (root.path("embedding").isObject()) {
      vectors.add(vector(settings, root.path("embedding").path("values"), text));
    } else if (root.path("embeddings").isArray()) {
      for (JsonNode e : root.path("embeddings")) {
        vectors.add(vector(settings, e.path("values"), text));
      }
    } else {
      throw Json.malformed(settings, "the embeddings response has neither \"embedding\" nor \"embeddings\"", text);
    }
    return response(settings, request, vectors, Usage.ZERO, text);
  }

  private static EmbeddingResponse response(ProviderSettings settings, EmbeddingRequest request,
      List<List<Double>> vectors, Usage usage, String text) {
    if (vectors.size() != request.inputs().size() || vectors.contains(null)) {
      throw Json.malformed(settings, "the embeddings response has " + vectors.stream().filter(v -> v != null).count()
          + " vectors for " + request.inputs().size() + " inputs", text);
    }
    return new EmbeddingResponse(vectors, usage);
  }

  private static List<Double> vector(ProviderSettings settings, JsonNode node, String text) {
    if (!node.isArray() || node.isEmpty()) {
      throw Json.malformed(settings, "an embedding is not a non-empty array of numbers", text);
    }
    List<Double> v = new ArrayList<>(node.size());
    for (JsonNode x : node) {
      if (!x.isNumber()) {
        throw Json.malformed(settings, "an embedding holds a value that is not a number", text);
      }
      v.add(x.asDouble());
    }
    return v;
  }
}
