package dev.council.engine.provider;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.EmbeddingRequest;
import dev.council.api.provider.EmbeddingResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.StreamChunk;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolChoice;
import dev.council.api.provider.ToolDefinition;
import dev.council.api.spi.LlmProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An offline provider that writes plausible, clearly labelled answers without any model: the CLI's
 * provider when no API keys exist, and a zero-cost stand-in for demos and benchmarks.
 *
 * <p>Answers are deterministic: the same request (messages, model, output schema) from the same member
 * gets the same answer, in any run and on any attempt. The text fits the caller's part, read from the
 * system prompt and the user turn: an analyst answers the question, a reviewer or critic discusses the
 * peer answers listed in the prompt, a chair synthesizes. Prose starts with {@value #LABEL}. When the
 * request has an output schema the answer is JSON satisfying it as far as possible (strings, numbers
 * within bounds and confidences in [0, 1], enums, a {@code choice} among the options the prompt names
 * such as {@code Response A}, an {@code ordering} of them); its free-text strings start with
 * {@value #LABEL}. When the prompt asks for a {@code {"confidence": x}} tail, prose ends with one. Every
 * response's metadata holds {@code simulated=true}; usage is about four tokens per three words.
 *
 * <p><b>Tools.</b> When the request offers tools and its tool choice forces a call ({@code required}: the
 * first tool offered; {@code {"tool": name}}: that one) and no tool has answered yet in the conversation,
 * the answer is one call of that tool (id {@value #TOOL_CALL_ID}, finish reason {@code tool_calls}) instead
 * of text. Its arguments satisfy the tool's parameter schema as structured output does, except that a
 * property with {@code examples} takes the first example (else its {@code default}), so a tool can steer
 * the simulated call to a meaningful one. With {@code auto}, {@code none} or no tool choice it calls no tool.
 *
 * <p><b>Logprobs.</b> When the request asks for logprobs ({@link ChatRequest#logprobs()}) the response
 * metadata holds {@link ChatResponse#LOGPROB_SUM} and {@link ChatResponse#LOGPROB_TOKENS}: each
 * whitespace-separated word of the answer is one token, whose probability {@link #tokenProbability} is
 * between {@value #MIN_TOKEN_PROBABILITY} and {@value #MAX_TOKEN_PROBABILITY}, picked by a hash of the word.
 * A {@code logprob} confidence is then their geometric mean: deterministic and inside that range.
 *
 * <p>{@link #embed} gives deterministic embeddings with no model: a hashed bag of words of
 * {@value #EMBEDDING_DIMENSIONS} dimensions. Each lower-cased word of three letters or more that is not a
 * common English stop word, with a plural {@code s} dropped, adds one to the dimension its hash picks; the
 * vector is L2-normalized. Texts that share words are near by cosine similarity, so keyword-like routing
 * works offline; the model name is ignored.
 */
public final class SimulatedProvider implements LlmProvider {
  /** The prefix that marks simulated text. */
  public static final String LABEL = "[simulated]";

  /** The id of the simulated tool call. */
  public static final String TOOL_CALL_ID = "simulated-call-1";

  /** The least probability a simulated token gets. */
  public static final double MIN_TOKEN_PROBABILITY = 0.6;

  /** The greatest probability a simulated token gets. */
  public static final double MAX_TOKEN_PROBABILITY = 0.99;

  private static final Pattern WORD_CHUNK = Pattern.compile("\\s*\\S+\\s*");

  private final String id;
  private final Duration latency;
  private final Duration chunkDelay;

  private SimulatedProvider(String id, Duration latency, Duration chunkDelay) {
    this.id = Objects.requireNonNull(id, "id");
    this.latency = requireNotNegative(latency, "latency");
    this.chunkDelay = requireNotNegative(chunkDelay, "chunkDelay");
  }

  /** A provider that answers at once. */
  public static SimulatedProvider create(String id) {
    return new SimulatedProvider(id, Duration.ZERO, Duration.ZERO);
  }

  /** A provider that waits {@code latency} before each answer and {@code chunkDelay} before each chunk. */
  public static SimulatedProvider create(String id, Duration latency, Duration chunkDelay) {
    return new SimulatedProvider(id, latency, chunkDelay);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ChatResponse chat(ChatRequest request, StreamSink call) {
    pause(latency, request, "waiting before its answer");
    long in = 0;
    for (ChatMessage m : request.messages()) {
      in += words(m.content());
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("simulated", true);
    Optional<ToolDefinition> forced = forcedTool(request);
    if (forced.isPresent()) {
      ToolCall toolCall = new ToolCall(TOOL_CALL_ID, forced.get().name(),
          SimulatedAnswers.arguments(request, forced.get()));
      return new ChatResponse("", List.of(toolCall), "tool_calls", Usage.of(tokens(in), 1), request.model(),
          metadata);
    }
    String content = SimulatedAnswers.answer(request);
    List<String> chunks = wordChunks(content);
    if (request.stream()) {
      for (int i = 0; i < chunks.size(); i++) {
        pause(chunkDelay, request, "streaming chunk " + i);
        call.onChunk(new StreamChunk(chunks.get(i), i == chunks.size() - 1 ? "stop" : null, i));
      }
    }
    if (request.logprobs()) {
      double sum = 0;
      for (String chunk : chunks) {
        sum += Math.log(tokenProbability(chunk));
      }
      metadata.put(ChatResponse.LOGPROB_SUM, sum);
      metadata.put(ChatResponse.LOGPROB_TOKENS, chunks.size());
    }
    Usage usage = Usage.of(tokens(in), tokens(words(content)));
    return new ChatResponse(content, List.of(), "stop", usage, request.model(), metadata);
  }

  /**
   * The probability of the simulated token {@code word} (surrounding whitespace ignored): {@value
   * #MIN_TOKEN_PROBABILITY} plus a share of the range up to {@value #MAX_TOKEN_PROBABILITY} picked by the
   * word's 32-bit FNV-1a hash modulo 1000.
   */
  public static double tokenProbability(String word) {
    int h = 0x811c9dc5;
    for (byte b : word.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    return MIN_TOKEN_PROBABILITY + (MAX_TOKEN_PROBABILITY - MIN_TOKEN_PROBABILITY) * Math.floorMod(h, 1000) / 999.0;
  }

  /** The tool the request forces, when it forces one and no tool has answered yet. */
  private static Optional<ToolDefinition> forcedTool(ChatRequest request) {
    ToolChoice choice = request.toolChoice();
    if (choice == null || request.tools().isEmpty()
        || request.messages().stream().anyMatch(m -> m.role() == ChatMessage.Role.TOOL)) {
      return Optional.empty();
    }
    return switch (choice.mode()) {
      case REQUIRED -> Optional.of(request.tools().get(0));
      case TOOL -> request.tools().stream().filter(t -> t.name().equals(choice.toolName())).findFirst();
      case AUTO, NONE -> Optional.empty();
    };
  }

  /** Dimensions of {@link #embed}'s vectors. */
  public static final int EMBEDDING_DIMENSIONS = 256;

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  /** Common English words that say nothing about a text's topic; left out of embeddings. */
  private static final java.util.Set<String> STOP_WORDS = java.util.Set.of("the", "and", "for", "are", "but", "not",
      "you", "your", "our", "ours", "was", "were", "has", "have", "had", "what", "which", "who", "whom", "why", "how",
      "when", "where", "should", "would", "could", "can", "will", "shall", "may", "might", "must", "with", "from",
      "into", "about", "this", "that", "these", "those", "there", "their", "them", "they", "its", "it's", "any",
      "all", "some", "does", "did", "doe", "being", "been", "than", "then", "also", "just", "very", "more", "most",
      "other", "else", "anything", "something", "out", "off", "over", "under", "again", "here", "each", "such",
      "only", "own", "same", "too", "his", "her", "she", "him", "one");

  @Override
  public boolean supportsEmbeddings() {
    return true;
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request) {
    List<List<Double>> vectors = new ArrayList<>();
    long tokens = 0;
    for (String text : request.inputs()) {
      double[] v = new double[EMBEDDING_DIMENSIONS];
      Matcher m = WORD.matcher(text.toLowerCase(java.util.Locale.ROOT));
      while (m.find()) {
        String w = m.group();
        tokens++;
        if (w.length() < 3 || STOP_WORDS.contains(w)) {
          continue;
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
          w = w.substring(0, w.length() - 1);
          if (STOP_WORDS.contains(w)) {
            continue;
          }
        }
        int h = 0x811c9dc5;
        for (byte b : w.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          h = (h ^ (b & 0xff)) * 0x01000193;
        }
        v[Math.floorMod(h, EMBEDDING_DIMENSIONS)] += 1;
      }
      double norm = 0;
      for (double x : v) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      List<Double> out = new ArrayList<>(EMBEDDING_DIMENSIONS);
      for (double x : v) {
        out.add(norm == 0 ? 0 : x / norm);
      }
      vectors.add(out);
    }
    return new EmbeddingResponse(vectors, Usage.of(tokens(tokens), 0));
  }

  @Override
  public String toString() {
    return "SimulatedProvider[" + id + ", latency=" + latency + ", chunkDelay=" + chunkDelay + "]";
  }

  /** The words of {@code content}, each with the whitespace around it, so they concatenate back to it. */
  static List<String> wordChunks(String content) {
    List<String> chunks = new ArrayList<>();
    Matcher m = WORD_CHUNK.matcher(content);
    while (m.find()) {
      chunks.add(m.group());
    }
    return chunks.isEmpty() ? List.of(content) : chunks;
  }

  private static long words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  private static long tokens(long words) {
    return (words * 4 + 2) / 3;
  }

  private void pause(Duration duration, ChatRequest request, String doing) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(ErrorKind.CANCELLED, "simulated provider '" + id + "' was interrupted while "
          + doing + " for member '" + request.context().memberId() + "'", -1, null, e);
    }
  }

  private static Duration requireNotNegative(Duration d, String name) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
    return d;
  }
}
