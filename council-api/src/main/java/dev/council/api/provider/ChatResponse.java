package dev.council.api.provider;

import dev.council.api.JsonTrees;
import dev.council.api.Usage;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A model's complete answer to one request (for streamed requests: the assembled stream).
 *
 * @param content the text
 * @param toolCalls tool calls requested (then the dispatcher runs them and asks again)
 * @param finishReason {@code stop}, {@code length}, {@code tool_calls}, ... or null when unknown
 * @param usage tokens (and cost when reported)
 * @param model the model that answered, as reported
 * @param metadata provider-specific data (response id, ...)
 */
public record ChatResponse(
    String content,
    List<ToolCall> toolCalls,
    @Nullable String finishReason,
    Usage usage,
    @Nullable String model,
    Map<String, Object> metadata)
    implements Serializable {

  /**
   * Metadata key: the sum of the answer's token log-probabilities (a number), set by providers that were
   * asked for logprobs ({@link ChatRequest#logprobs()}) and returned them.
   */
  public static final String LOGPROB_SUM = "logprobSum";

  /** Metadata key: how many tokens {@link #LOGPROB_SUM} adds up (a whole number). */
  public static final String LOGPROB_TOKENS = "logprobTokens";

  public ChatResponse {
    Objects.requireNonNull(content, "content");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    usage = usage == null ? Usage.ZERO : usage;
    metadata = metadata == null ? Map.of() : JsonTrees.copyTree(metadata);
  }

  public static ChatResponse of(String content, Usage usage) {
    return new ChatResponse(content, List.of(), "stop", usage, null, Map.of());
  }

  public boolean hasToolCalls() {
    return !toolCalls.isEmpty();
  }
}
