package dev.council.api.provider;

import dev.council.api.JsonTrees;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON Schema the response must satisfy, passed to providers that can enforce it natively
 * (OpenAI {@code response_format}, Gemini {@code responseSchema}, Ollama {@code format}, Anthropic via a
 * forced tool). The dispatcher validates the output either way.
 *
 * @param name a short identifier ({@code [a-zA-Z0-9_-]}), e.g. {@code vote}
 * @param schema the JSON Schema as a JSON-like tree
 */
public record OutputSchema(String name, Map<String, Object> schema) implements Serializable {
  public OutputSchema {
    Objects.requireNonNull(name, "name");
    schema = JsonTrees.copyTree(Objects.requireNonNull(schema, "schema"));
  }
}
