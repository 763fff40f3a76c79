package dev.council.providers.internal;

import dev.council.api.ErrorKind;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.ToolCallResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON helpers shared by the adapters: request bodies are built as {@code Map}/{@code List} trees and
 * written with one shared, thread-safe mapper; responses are read as trees. Parse failures become
 * {@link ProviderException}s of kind {@code TRANSIENT} (a garbled body is worth a retry); a request value
 * that has no JSON form, one of kind {@code VALIDATION}.
 */
final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  private static final int SNIPPET = 200;

  private Json() {}

  static byte[] write(Object tree) {
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (JacksonException e) {
      throw unwritable(tree, e);
    }
  }

  static String writeString(@Nullable Object tree) {
    try {
      return MAPPER.writeValueAsString(tree);
    } catch (JacksonException e) {
      throw unwritable(tree, e);
    }
  }

  /**
   * Parses a response body or event payload.
   *
   * @param settings name the provider in the error message and redact its key from the quoted text
   * @param what what was being read, e.g. {@code the response body}
   */
  static JsonNode parse(ProviderSettings settings, String what, String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw malformed(settings, what, "it is empty", text, null);
      }
      return node;
    } catch (JacksonException e) {
      throw malformed(settings, what, "it is not valid JSON (" + e.getOriginalMessage() + ")", text, e);
    }
  }

  /** Parses an error body leniently: empty when it is not JSON. */
  static Optional<JsonNode> tryParse(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  /** Parses what a model sent as a tool call's arguments; blank means no arguments. */
  static Map<String, Object> arguments(ProviderSettings settings, String toolName, String text) {
    if (text.isBlank()) {
      return Map.of();
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new ProviderException(ErrorKind.TRANSIENT, settings.id() + ": the model called tool '" + toolName
          + "' with arguments that are not valid JSON: " + snippet(settings, text), -1, null, e);
    }
    if (node == null || !node.isObject()) {
      throw new ProviderException(ErrorKind.TRANSIENT, settings.id() + ": the model called tool '" + toolName
          + "' with arguments that are not a JSON object: " + snippet(settings, text));
    }
    return toMap(node);
  }

  static Map<String, Object> toMap(JsonNode node) {
    return MAPPER.convertValue(node, MAP);
  }

  /** The text of a field, or null when it is absent, null or not a string. */
  static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? v.stringValue() : null;
  }

  /**
   * The message of an error field: the field itself when it is a string ({@code "error": "model not
   * found"}), else its {@code message} field; null when it has neither.
   */
  static @Nullable String errorMessage(@Nullable JsonNode error) {
    if (error == null) {
      return null;
    }
    return error.isString() ? error.stringValue() : text(error, "message");
  }

  /** A whole, non-negative count: fractions are cut off; absent, negative or out-of-range values are 0. */
  static long count(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? Math.max(0, v.asLong(0)) : 0;
  }

  /**
   * Merges request options the caller passed through ({@code ChatRequest.extra}) into a request body:
   * a map meets a map one level deep, anything else replaces. {@code stream} stays ours, since the
   * adapter reads the response according to it.
   */
  @SuppressWarnings("unchecked")
  static void mergeExtra(Map<String, Object> body, Map<String, Object> extra) {
    for (Map.Entry<String, Object> e : extra.entrySet()) {
      if (e.getKey().equals("stream")) {
        continue;
      }
      Object mine = body.get(e.getKey());
      if (mine instanceof Map<?, ?> m && e.getValue() instanceof Map<?, ?> theirs) {
        Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) m);
        merged.putAll((Map<String, Object>) theirs);
        body.put(e.getKey(), merged);
      } else {
        body.put(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * A tool result as the text the protocols that want a string expect: a string result as is, any
   * other value as JSON, a failure as {@code {"error": "..."}}.
   */
  static String resultText(ToolCallResult result) {
    if (result.failed()) {
      return writeString(Map.of("error", Objects.requireNonNull(result.error())));
    }
    return result.result() instanceof String s ? s : writeString(result.result());
  }

  /** The start of {@code text} on one line, for error messages, with the key redacted before it is cut. */
  static String snippet(ProviderSettings settings, String text) {
    String oneLine = settings.redact(text).replaceAll("\\s+", " ").strip();
    return oneLine.length() <= SNIPPET ? oneLine : oneLine.substring(0, SNIPPET) + "...";
  }

  /** A {@code TRANSIENT} failure: the provider sent something that is not what its protocol promises. */
  static ProviderException malformed(ProviderSettings settings, String problem, String text) {
    return new ProviderException(ErrorKind.TRANSIENT, settings.id() + ": malformed response: " + problem + ": "
        + snippet(settings, text));
  }

  private static ProviderException unwritable(@Nullable Object tree, JacksonException e) {
    String type = tree == null ? "null" : tree.getClass().getName();
    return new ProviderException(ErrorKind.VALIDATION, "cannot write a " + type + " as JSON: "
        + e.getOriginalMessage() + "; request options and tool results must be maps, lists, strings, numbers, "
        + "booleans or null", -1, null, e);
  }

  private static ProviderException malformed(ProviderSettings settings, String what, String why, String text,
      @Nullable Throwable cause) {
    return new ProviderException(ErrorKind.TRANSIENT, settings.id() + ": malformed response: " + what + " could not "
        + "be read because " + why + ": " + snippet(settings, text), -1, null, cause);
  }
}
