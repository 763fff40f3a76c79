package dev.council.api.provider;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One turn of a conversation.
 *
 * @param role who speaks
 * @param content the text (empty for an assistant turn that only calls tools)
 * @param toolCalls tool calls made by an assistant turn
 * @param toolResult the result carried by a {@link Role#TOOL} turn
 */
public record ChatMessage(Role role, String content, List<ToolCall> toolCalls, @Nullable ToolCallResult toolResult)
    implements Serializable {

  /** Who speaks a turn. */
  public enum Role {
    SYSTEM,
    USER,
    ASSISTANT,
    TOOL
  }

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(Role.SYSTEM, content, List.of(), null);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content, List.of(), null);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content, List.of(), null);
  }

  public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
    return new ChatMessage(Role.ASSISTANT, content, toolCalls, null);
  }

  public static ChatMessage tool(ToolCallResult result) {
    return new ChatMessage(Role.TOOL, "", List.of(), result);
  }
}
