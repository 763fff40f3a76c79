package dev.council.engine.internal.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.JsonTrees;
import dev.council.engine.internal.support.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * JSON Schema validation of parsed structured output, the built-in schemas, and JSON extraction from
 * model replies.
 *
 * <p>Schemas follow JSON Schema draft 2020-12 unless they name another draft in {@code $schema} (draft
 * 4, 6, 7 and 2019-09 are understood). Remote {@code $ref}s are never fetched. Compiled schemas are
 * cached, so validating many outputs against one schema compiles it once; the cache holds at most
 * {@value #MAX_CACHED_SCHEMAS} schemas and is emptied when full.
 *
 * <p>All methods are static, thread-safe and free of I/O. Nothing here returns null; absence is an
 * empty {@link Optional} or list.
 */
public final class JsonSchemas {
  /** How many compiled schemas are kept before the cache is emptied. */
  public static final int MAX_CACHED_SCHEMAS = 256;

  /**
   * The built-in vote schema: {@code choice} (a string with at least one non-blank character),
   * {@code rationale} (string or null), {@code confidence} (number in [0, 1], or null). Every property
   * is required and no others are allowed, so the schema is accepted by strict structured-output modes
   * (OpenAI's {@code strict: true}); a model leaves out an optional value by answering null.
   */
  public static final Map<String, Object> VOTE = JsonTrees.copyTree(object(
      "type", "object",
      "properties", object(
          "choice", object("type", "string", "pattern", "\\S"),
          "rationale", object("type", List.of("string", "null")),
          "confidence", object("type", List.of("number", "null"), "minimum", 0, "maximum", 1)),
      "required", List.of("choice", "rationale", "confidence"),
      "additionalProperties", false));

  /**
   * The built-in ranking schema: {@code ordering} (non-empty array of strings, best first),
   * {@code rationale} (string or null). Every property is required and no others are allowed (see
   * {@link #VOTE}).
   */
  public static final Map<String, Object> RANKING = JsonTrees.copyTree(object(
      "type", "object",
      "properties", object(
          "ordering", object("type", "array", "items", object("type", "string"), "minItems", 1),
          "rationale", object("type", List.of("string", "null"))),
      "required", List.of("ordering", "rationale"),
      "additionalProperties", false));

  private static final Map<String, Map<String, Object>> BUILTINS = Map.of("vote", VOTE, "ranking", RANKING);

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_2020_12,
      builder -> builder
          .schemaLoader(loader -> loader.fetchRemoteResources(false))
          .schemaRegistryConfig(SchemaRegistryConfig.builder()
              .pathType(PathType.JSON_PATH)
              .locale(Locale.ENGLISH)
              .build()));

  private static final Pattern FENCE = Pattern.compile("```[ \\t]*([A-Za-z0-9_-]*)[^\\n]*\\n(.*?)```", Pattern.DOTALL);

  private static final ConcurrentHashMap<String, Schema> CACHE = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /**
   * Validates a JSON value against a schema.
   *
   * <p>A required property whose own schema admits null ({@code "type": ["string", "null"]}, or an
   * {@code anyOf} branch of type null) may also be absent: absent counts as null. That is how strict
   * structured-output schemas spell an optional property, so the same schema accepts both a strict-mode
   * model's explicit null and another model leaving the property out. This applies to the properties of
   * objects reached through {@code properties} and {@code items}.
   *
   * @param jsonTree the value: a map/list/string/number/boolean tree, or null for JSON null
   * @param schema a JSON Schema as a map tree
   * @return human-readable errors, each starting with the JSON path of the offending value
   *     ({@code "$.confidence: must have a maximum value of 1"}); empty when the value is valid
   * @throws CouncilException of kind {@link ErrorKind#VALIDATION} when the schema itself is not a
   *     valid JSON Schema (the message lists what is wrong with it)
   */
  public static List<String> validate(@Nullable Object jsonTree, Map<String, Object> schema) {
    Schema compiled = compiled(schema);
    JsonNode instance = Json.node(withAbsentNullables(jsonTree, schema));
    try {
      return compiled.validate(instance).stream().map(JsonSchemas::describe).toList();
    } catch (SchemaException e) {
      throw invalidSchema(schema, List.of(e.getMessage()), e);
    }
  }

  /** The built-in schema called {@code name} ({@code vote} or {@code ranking}), if there is one. */
  public static Optional<Map<String, Object>> builtin(String name) {
    return Optional.ofNullable(BUILTINS.get(name));
  }

  /** The names {@link #builtin(String)} knows, sorted; unmodifiable. */
  public static SortedSet<String> builtinNames() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(BUILTINS.keySet()));
  }

  /**
   * Finds the JSON object or array in a model reply and parses it into a plain tree
   * ({@link LinkedHashMap}, {@link ArrayList}, {@link String}, {@link Number}, {@link Boolean}, null).
   * Tried in this order, first success wins: the whole reply; each fenced code block (blocks tagged
   * {@code json} first); the longest balanced {@code {...}} or {@code [...]} in the text that parses.
   * Trailing commas and {@code //} or {@code /* *}{@code /} comments are tolerated.
   *
   * @return the parsed object or array; empty when the reply holds none
   */
  public static Optional<Object> extractJson(String text) {
    Optional<Object> whole = parseContainer(text);
    if (whole.isPresent()) {
      return whole;
    }
    List<String> tagged = new ArrayList<>();
    List<String> untagged = new ArrayList<>();
    Matcher fence = FENCE.matcher(text);
    while (fence.find()) {
      (fence.group(1).equalsIgnoreCase("json") ? tagged : untagged).add(fence.group(2));
    }
    for (String block : concat(tagged, untagged)) {
      Optional<Object> parsed = parseContainer(block);
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    return longestEmbedded(text);
  }

  private static Schema compiled(Map<String, Object> schema) {
    String key = Json.write(schema);
    Schema cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    Schema fresh = compile(schema);
    if (CACHE.size() >= MAX_CACHED_SCHEMAS) {
      CACHE.clear();
    }
    CACHE.putIfAbsent(key, fresh);
    return fresh;
  }

  private static Schema compile(Map<String, Object> schema) {
    JsonNode node = Json.node(schema);
    SpecificationVersion version = dialect(schema, node);
    List<String> problems = REGISTRY.getSchema(SchemaLocation.of(version.getDialectId()))
        .validate(node).stream().map(JsonSchemas::describe).toList();
    if (!problems.isEmpty()) {
      throw invalidSchema(schema, problems, null);
    }
    try {
      return REGISTRY.getSchema(node);
    } catch (SchemaException e) {
      throw invalidSchema(schema, List.of(e.getMessage()), e);
    }
  }

  private static SpecificationVersion dialect(Map<String, Object> schema, JsonNode node) {
    Object declared = schema.get("$schema");
    if (declared == null) {
      return SpecificationVersion.DRAFT_2020_12;
    }
    return SpecificationVersion.fromSchemaNode(node).orElseThrow(() -> invalidSchema(schema, List.of(
        "$.$schema: unknown dialect '%s'; use one of %s or leave $schema out for draft 2020-12".formatted(
            declared,
            Arrays.stream(SpecificationVersion.values()).map(SpecificationVersion::getDialectId).toList())),
        null));
  }

  private static CouncilException invalidSchema(Map<String, Object> schema, List<String> problems, @Nullable Throwable cause) {
    String message = "Invalid JSON Schema %s: %s. Fix the schema (see https://json-schema.org/draft/2020-12) and try again."
        .formatted(abbreviate(Json.write(schema)), String.join("; ", problems));
    return new CouncilException(CouncilError.of(ErrorKind.VALIDATION, message), cause);
  }

  private static String describe(Error error) {
    return error.getInstanceLocation() + ": " + error.getMessage();
  }

  private static String abbreviate(String json) {
    return json.length() <= 200 ? json : json.substring(0, 200) + "...";
  }

  private static Optional<Object> parseContainer(String candidate) {
    String trimmed = candidate.strip();
    if (trimmed.isEmpty() || (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[')) {
      return Optional.empty();
    }
    return Json.parseLenient(trimmed);
  }

  /** Scans every '{' and '[' outside string literals for a balanced span that parses; keeps the longest. */
  private static Optional<Object> longestEmbedded(String text) {
    Optional<Object> best = Optional.empty();
    int bestLength = 0;
    int start = 0;
    while (start < text.length()) {
      char c = text.charAt(start);
      if (c == '{' || c == '[') {
        int end = balancedEnd(text, start);
        if (end > 0) {
          Optional<Object> parsed = parseContainer(text.substring(start, end));
          if (parsed.isPresent()) {
            if (end - start > bestLength) {
              best = parsed;
              bestLength = end - start;
            }
            start = end;
            continue;
          }
        }
      }
      start++;
    }
    return best;
  }

  /** The index just past the bracket closing the one at {@code start}, or -1 when it never closes. */
  private static int balancedEnd(String text, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    return -1;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /**
   * {@code value} with every absent required property that may be null filled in as null, following
   * {@code properties} and {@code items} of {@code schema}; {@code value} itself when nothing is absent.
   */
  private static @Nullable Object withAbsentNullables(@Nullable Object value, @Nullable Object schema) {
    if (!(schema instanceof Map<?, ?> s)) {
      return value;
    }
    if (value instanceof List<?> list && s.get("items") instanceof Map<?, ?> items) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      for (Object element : list) {
        out.add(withAbsentNullables(element, items));
      }
      return out;
    }
    if (!(value instanceof Map<?, ?> map) || !(s.get("properties") instanceof Map<?, ?> properties)) {
      return value;
    }
    Map<Object, @Nullable Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.put(e.getKey(), withAbsentNullables(e.getValue(), properties.get(e.getKey())));
    }
    if (s.get("required") instanceof List<?> required) {
      for (Object name : required) {
        if (!map.containsKey(name) && admitsNull(properties.get(name))) {
          out.put(name, null);
        }
      }
    }
    return out;
  }

  /** Whether a property schema's {@code type} (or one of its {@code anyOf} branches) is or includes null. */
  private static boolean admitsNull(@Nullable Object schema) {
    if (!(schema instanceof Map<?, ?> s)) {
      return false;
    }
    Object type = s.get("type");
    if ("null".equals(type) || (type instanceof List<?> types && types.contains("null"))) {
      return true;
    }
    return s.get("anyOf") instanceof List<?> branches && branches.stream().anyMatch(JsonSchemas::admitsNull);
  }

  private static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
