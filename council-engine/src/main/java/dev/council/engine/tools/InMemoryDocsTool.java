package dev.council.engine.tools;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.JsonTrees;
import dev.council.api.spi.Tool;
import dev.council.api.spi.ToolContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Retrieval over a fixed set of documents held in memory, ranked with Okapi BM25 ({@value #K1} for k1,
 * {@value #B} for b). A model calls it with {@code {"query": "...", "top_k": 3}} and gets back a list of
 * {@code {"text", "meta", "score"}} maps, best first; documents sharing no term with the query are not
 * returned.
 *
 * <p>Text is lowercased, split on non-word characters (Unicode-aware), and tokens shorter than 2
 * characters or in {@link #STOPWORDS} are dropped. A query term's weight is Lucene's non-negative IDF,
 * {@code ln(1 + (N - n + 0.5) / (n + 0.5))} for N documents of which n contain it; a document's score is
 * the sum over the query's distinct terms of {@code idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len /
 * avgLen))}. Equal scores keep the order the documents were added in.
 *
 * <p>Built with {@link #builder(String)}; the index is computed once in {@link Builder#build()} and
 * immutable afterwards, so the tool is thread-safe and {@link #execute} never blocks.
 */
public final class InMemoryDocsTool implements Tool {
  /** BM25 term-frequency saturation. */
  public static final double K1 = 1.2;

  /** BM25 length normalisation. */
  public static final double B = 0.75;

  /** How many documents a search returns when neither the builder nor the call says. */
  public static final int DEFAULT_TOP_K = 4;

  /** Lucene's English stop words (those of one letter are dropped by the length rule anyway). */
  public static final Set<String> STOPWORDS = Set.of(
      "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
      "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
      "to", "was", "will", "with");

  private static final Pattern NON_WORD = Pattern.compile("\\W+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final String name;
  private final String description;
  private final int topK;
  private final List<Document> documents;
  private final Map<String, Integer> documentFrequency;
  private final double averageLength;

  private record Document(String text, Map<String, Object> meta, Map<String, Integer> termFrequency, int length) {}

  private record Hit(int index, double score) {}

  private InMemoryDocsTool(Builder builder) {
    this.name = builder.name;
    this.topK = builder.topK;
    this.description = builder.description != null
        ? builder.description
        : "Searches %d documents and returns the passages most relevant to the query, best first."
            .formatted(builder.texts.size());
    List<Document> docs = new ArrayList<>();
    Map<String, Integer> df = new HashMap<>();
    long totalLength = 0;
    for (int i = 0; i < builder.texts.size(); i++) {
      List<String> tokens = tokenize(builder.texts.get(i));
      Map<String, Integer> tf = new HashMap<>();
      tokens.forEach(t -> tf.merge(t, 1, Integer::sum));
      tf.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
      totalLength += tokens.size();
      docs.add(new Document(builder.texts.get(i), builder.metas.get(i), Map.copyOf(tf), tokens.size()));
    }
    this.documents = List.copyOf(docs);
    this.documentFrequency = Map.copyOf(df);
    this.averageLength = docs.isEmpty() ? 0 : (double) totalLength / docs.size();
  }

  /** Starts a tool called {@code name} (letters, digits, {@code _} and {@code -}, at most 64). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("type", "string");
    query.put("description", "What to search for.");
    Map<String, Object> topKParam = new LinkedHashMap<>();
    topKParam.put("type", "integer");
    topKParam.put("minimum", 1);
    topKParam.put("description", "How many passages to return (default %d).".formatted(topK));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("query", query);
    properties.put("top_k", topKParam);
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", List.of("query"));
    return JsonTrees.copyTree(schema);
  }

  /**
   * Searches with the {@code query} argument, returning at most {@code top_k} (or the builder's
   * {@code topK}) results.
   *
   * @throws CouncilException of kind {@link ErrorKind#VALIDATION} when {@code query} is missing or blank
   *     or {@code top_k} is not a positive integer; the message tells the model how to call correctly
   */
  @Override
  public Object execute(Map<String, Object> arguments, ToolContext context) {
    Object query = arguments.get("query");
    if (!(query instanceof String text) || text.isBlank()) {
      throw new CouncilException(ErrorKind.VALIDATION,
          "Tool '%s': argument 'query' is required and must be a non-empty string, e.g. {\"query\": \"refund policy\"}."
              .formatted(name));
    }
    Object rawTopK = arguments.get("top_k");
    return search(text, rawTopK == null ? topK : positiveInteger(rawTopK));
  }

  /**
   * The {@code limit} best documents for {@code query}, as {@code {"text", "meta", "score"}} maps (score
   * a {@link Double}), best first; documents matching no query term are left out.
   */
  public List<Map<String, Object>> search(String query, int limit) {
    if (limit < 1) {
      throw new CouncilException(ErrorKind.VALIDATION,
          "Tool '%s': top_k must be a positive integer, got %d.".formatted(name, limit));
    }
    Set<String> terms = new LinkedHashSet<>(tokenize(query));
    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      double score = score(documents.get(i), terms);
      if (score > 0) {
        hits.add(new Hit(i, score));
      }
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingInt(Hit::index));
    List<Map<String, Object>> results = new ArrayList<>();
    for (Hit hit : hits.subList(0, Math.min(limit, hits.size()))) {
      Document doc = documents.get(hit.index());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("text", doc.text());
      result.put("meta", doc.meta());
      result.put("score", hit.score());
      results.add(Collections.unmodifiableMap(result));
    }
    return List.copyOf(results);
  }

  private double score(Document doc, Set<String> terms) {
    double n = documents.size();
    double score = 0;
    for (String term : terms) {
      Integer tf = doc.termFrequency().get(term);
      if (tf == null) {
        continue;
      }
      int df = documentFrequency.get(term);
      double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      double norm = 1 - B + B * doc.length() / averageLength;
      score += idf * tf * (K1 + 1) / (tf + K1 * norm);
    }
    return score;
  }

  /** Lowercased tokens split on non-word characters, without short tokens and {@link #STOPWORDS}. */
  static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    for (String token : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
      if (token.length() >= 2 && !STOPWORDS.contains(token)) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  private int positiveInteger(Object raw) {
    try {
      int value = new BigDecimal(raw.toString().strip()).intValueExact();
      if (value >= 1) {
        return value;
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // reported below, with the value the model sent
    }
    throw new CouncilException(ErrorKind.VALIDATION,
        "Tool '%s': argument 'top_k' must be a positive integer, got '%s'.".formatted(name, raw));
  }

  /**
   * Collects documents for an {@link InMemoryDocsTool}. Not thread-safe; use from one thread, then
   * {@link #build()}.
   */
  public static final class Builder {
    private final String name;
    private @Nullable String description;
    private int topK = DEFAULT_TOP_K;
    private final List<String> texts = new ArrayList<>();
    private final List<Map<String, Object>> metas = new ArrayList<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (!TOOL_NAME.matcher(name).matches()) {
        throw new CouncilException(ErrorKind.VALIDATION,
            "Tool name '%s' is not allowed: use 1 to 64 letters, digits, '_' or '-' (providers reject other names)."
                .formatted(name));
      }
      this.name = name;
    }

    /** What the tool searches, for the model; defaults to a generic sentence naming the document count. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Adds a document with empty metadata. */
    public Builder doc(String text) {
      return doc(text, Map.of());
    }

    /** Adds a document with metadata (a JSON-like map, e.g. {@code {"source": "faq.md"}}) returned with it. */
    public Builder doc(String text, Map<String, ?> meta) {
      texts.add(Objects.requireNonNull(text, "text"));
      metas.add(JsonTrees.copyTree(Objects.requireNonNull(meta, "meta")));
      return this;
    }

    /** How many results a call returns when it does not pass {@code top_k}; default {@value InMemoryDocsTool#DEFAULT_TOP_K}. */
    public Builder topK(int topK) {
      if (topK < 1) {
        throw new CouncilException(ErrorKind.VALIDATION,
            "Tool '%s': topK must be at least 1, got %d.".formatted(name, topK));
      }
      this.topK = topK;
      return this;
    }

    /** The tool, with its index built. */
    public InMemoryDocsTool build() {
      return new InMemoryDocsTool(this);
    }
  }
}
