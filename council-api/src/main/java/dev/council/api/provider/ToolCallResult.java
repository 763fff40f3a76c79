package dev.council.api.provider;

import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one tool call, sent back to the model. Exactly one of result and error is set.
 *
 * @param id the call id from {@link ToolCall#id()}
 * @param name the tool name
 * @param result the tool's result as a JSON-like value, or null on error
 * @param error what went wrong, or null on success
 */
public record ToolCallResult(String id, String name, @Nullable Object result, @Nullable String error)
    implements Serializable {
  public ToolCallResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }

  public boolean failed() {
    return error != null;
  }
}
