package dev.council.api.provider;

import dev.council.api.JsonTrees;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * A model's request to call a tool.
 *
 * @param id the provider's call id, echoed in the tool result turn
 * @param name the tool name
 * @param arguments the arguments as a JSON-like tree
 */
public record ToolCall(String id, String name, Map<String, Object> arguments) implements Serializable {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = arguments == null ? Map.of() : JsonTrees.copyTree(arguments);
  }
}
