package dev.council.api.provider;

import dev.council.api.JsonTrees;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request to a model.
 *
 * @param model the model name
 * @param messages the conversation, system turn first when there is one
 * @param temperature sampling temperature, or null for the provider default
 * @param maxTokens output token limit, or null for the provider default
 * @param stream whether to stream ({@link StreamSink#onChunk} then receives chunks)
 * @param tools tools the model may call
 * @param outputSchema a schema for structured output, or null
 * @param extra provider-specific options (passed through by adapters that understand them)
 * @param context who is calling: run, round, member, attempt (never sent to a provider; mock
 *     providers script by it)
 * @param toolChoice whether and which tool the model must call, or null for the provider default
 * @param logprobs whether to ask for token log-probabilities (adapters that cannot ignore it)
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    @Nullable Double temperature,
    @Nullable Integer maxTokens,
    boolean stream,
    List<ToolDefinition> tools,
    @Nullable OutputSchema outputSchema,
    Map<String, Object> extra,
    CallContext context,
    @Nullable ToolChoice toolChoice,
    boolean logprobs)
    implements Serializable {

  /** A request without a tool choice and without logprobs. */
  public ChatRequest(String model, List<ChatMessage> messages, @Nullable Double temperature,
      @Nullable Integer maxTokens, boolean stream, List<ToolDefinition> tools, @Nullable OutputSchema outputSchema,
      Map<String, Object> extra, CallContext context) {
    this(model, messages, temperature, maxTokens, stream, tools, outputSchema, extra, context, null, false);
  }

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
    extra = extra == null ? Map.of() : JsonTrees.copyTree(extra);
    Objects.requireNonNull(context, "context");
  }

  /** A simple request: optional system prompt, one user turn, no tools. */
  public static ChatRequest of(String model, @Nullable String system, String user) {
    List<ChatMessage> ms = system == null ? List.of(ChatMessage.user(user))
        : List.of(ChatMessage.system(system), ChatMessage.user(user));
    return new ChatRequest(model, ms, null, null, false, List.of(), null, Map.of(), CallContext.NONE);
  }

  public ChatRequest withMessages(List<ChatMessage> messages) {
    return new ChatRequest(model, messages, temperature, maxTokens, stream, tools, outputSchema, extra, context,
        toolChoice, logprobs);
  }

  public ChatRequest withStream(boolean stream) {
    return new ChatRequest(model, messages, temperature, maxTokens, stream, tools, outputSchema, extra, context,
        toolChoice, logprobs);
  }

  public ChatRequest withContext(CallContext context) {
    return new ChatRequest(model, messages, temperature, maxTokens, stream, tools, outputSchema, extra, context,
        toolChoice, logprobs);
  }

  public ChatRequest withTools(List<ToolDefinition> tools) {
    return new ChatRequest(model, messages, temperature, maxTokens, stream, tools, outputSchema, extra, context,
        toolChoice, logprobs);
  }

  public ChatRequest withOutputSchema(@Nullable OutputSchema outputSchema) {
    return new ChatRequest(model, messages, temperature, maxTokens, stream, tools, outputSchema, extra, context,
        toolChoice, logprobs);
  }

  public ChatRequest withToolChoice(@Nullable ToolChoice toolChoice) {
    return new ChatRequest(model, messages, temperature, maxTokens, stream, tools, outputSchema, extra, context,
        toolChoice, logprobs);
  }

  public ChatRequest withLogprobs(boolean logprobs) {
    return new ChatRequest(model, messages, temperature, maxTokens, stream, tools, outputSchema, extra, context,
        toolChoice, logprobs);
  }

  /** The text of the system turn, if any. */
  public @Nullable String systemPrompt() {
    return messages.stream().filter(m -> m.role() == ChatMessage.Role.SYSTEM).map(ChatMessage::content)
        .findFirst().orElse(null);
  }

  /** The text of the last user turn, if any. */
  public @Nullable String lastUserMessage() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == ChatMessage.Role.USER) {
        return messages.get(i).content();
      }
    }
    return null;
  }
}
