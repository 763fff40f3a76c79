package dev.council.api.provider;

import dev.council.api.JsonTrees;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * A tool as offered to a model.
 *
 * @param name the tool name
 * @param description what it does, for the model
 * @param parameters a JSON Schema object describing the arguments
 */
public record ToolDefinition(String name, String description, Map<String, Object> parameters)
    implements Serializable {
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    parameters = parameters == null ? Map.of("type", "object") : JsonTrees.copyTree(parameters);
  }
}
