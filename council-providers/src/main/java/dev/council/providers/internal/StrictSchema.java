package dev.council.providers.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules OpenAI's strict structured output ({@code "strict": true}) puts on a JSON Schema, checked
 * before a schema is sent in strict mode. A schema that breaks any of them would be refused by the
 * server with HTTP 400, so it is sent with {@code "strict": false} instead (the model is then asked to
 * follow it, and the engine still validates the reply against it).
 *
 * <p>The rules: the root is an object schema, not {@code anyOf}; every object schema has
 * {@code "additionalProperties": false} and lists every one of its properties in {@code required}
 * (an optional value is a union with null, such as {@code "type": ["string", "null"]}); only these
 * keywords appear: {@code type, properties, required, additionalProperties, items, enum, const,
 * anyOf, $ref, $defs, definitions, description, title, pattern, format, multipleOf, minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum, minItems, maxItems}; {@code $ref}s are local; at most
 * {@value #MAX_PROPERTIES} object properties in all, {@value #MAX_DEPTH} levels of object nesting,
 * {@value #MAX_ENUM_VALUES} enum values in all, {@value #MAX_TOTAL_STRING_LENGTH} characters of
 * property names, definition names, enum and const values in all, and {@value #MAX_LARGE_ENUM_LENGTH}
 * characters for one string enum of more than {@value #LARGE_ENUM} values.
 *
 * <p>Stateless and thread-safe.
 */
final class StrictSchema {
  static final int MAX_PROPERTIES = 5000;
  static final int MAX_DEPTH = 10;
  static final int MAX_ENUM_VALUES = 1000;
  static final int MAX_TOTAL_STRING_LENGTH = 120_000;
  static final int LARGE_ENUM = 250;
  static final int MAX_LARGE_ENUM_LENGTH = 15_000;

  private static final String KEYWORDS_TEXT = "type, properties, required, additionalProperties, items, enum, "
      + "const, anyOf, $ref, $defs, definitions, description, title, pattern, format, multipleOf, minimum, "
      + "maximum, exclusiveMinimum, exclusiveMaximum, minItems, maxItems";
  private static final Set<String> KEYWORDS = Set.of(KEYWORDS_TEXT.split(", "));
  private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "object", "array", "null");

  private final List<String> violations = new ArrayList<>();
  private int properties;
  private int enumValues;
  private long stringLength;

  private StrictSchema() {}

  /** Whether {@code schema} may be sent with {@code "strict": true}. */
  static boolean conforms(Map<String, Object> schema) {
    return violations(schema).isEmpty();
  }

  /** What keeps {@code schema} out of strict mode, each as {@code path: problem}; empty when nothing does. */
  static List<String> violations(Map<String, Object> schema) {
    StrictSchema check = new StrictSchema();
    if (!isObjectSchema(schema)) {
      check.violations.add("$: the root must be an object schema (\"type\": \"object\")");
    }
    if (schema.containsKey("anyOf")) {
      check.violations.add("$: the root must not be anyOf");
    }
    check.node(schema, "$", 0);
    if (check.properties > MAX_PROPERTIES) {
      check.violations.add("$: " + check.properties + " object properties, more than " + MAX_PROPERTIES);
    }
    if (check.enumValues > MAX_ENUM_VALUES) {
      check.violations.add("$: " + check.enumValues + " enum values, more than " + MAX_ENUM_VALUES);
    }
    if (check.stringLength > MAX_TOTAL_STRING_LENGTH) {
      check.violations.add("$: " + check.stringLength + " characters of names and enum/const values, more than "
          + MAX_TOTAL_STRING_LENGTH);
    }
    return List.copyOf(check.violations);
  }

  private void node(@Nullable Object value, String path, int depth) {
    if (!(value instanceof Map<?, ?> schema)) {
      violations.add(path + ": a schema must be a JSON object");
      return;
    }
    for (Object key : schema.keySet()) {
      if (!KEYWORDS.contains(String.valueOf(key))) {
        violations.add(path + ": keyword '" + key + "' is not supported in strict mode");
      }
    }
    checkType(schema.get("type"), path);
    if (schema.get("$ref") instanceof String ref && !ref.startsWith("#")) {
      violations.add(path + ": $ref '" + ref + "' is not local (it must start with #)");
    }
    int level = depth;
    if (isObjectSchema(schema) || schema.containsKey("properties")) {
      level = depth + 1;
      if (level > MAX_DEPTH) {
        violations.add(path + ": objects nest " + level + " levels deep, more than " + MAX_DEPTH);
      }
      object(schema, path, level);
    }
    if (schema.containsKey("items")) {
      node(schema.get("items"), path + ".items", level);
    }
    if (schema.containsKey("anyOf")) {
      if (schema.get("anyOf") instanceof List<?> branches && !branches.isEmpty()) {
        for (int i = 0; i < branches.size(); i++) {
          node(branches.get(i), path + ".anyOf[" + i + "]", depth);
        }
      } else {
        violations.add(path + ".anyOf: must be a non-empty array of schemas");
      }
    }
    for (String defs : List.of("$defs", "definitions")) {
      if (schema.get(defs) instanceof Map<?, ?> definitions) {
        for (Map.Entry<?, ?> d : definitions.entrySet()) {
          stringLength += String.valueOf(d.getKey()).length();
          node(d.getValue(), path + "." + defs + "." + d.getKey(), depth);
        }
      }
    }
    if (schema.containsKey("enum")) {
      enumeration(schema.get("enum"), path);
    }
    if (schema.get("const") instanceof String constant) {
      stringLength += constant.length();
    }
  }

  private void object(Map<?, ?> schema, String path, int level) {
    if (!Boolean.FALSE.equals(schema.get("additionalProperties"))) {
      violations.add(path + ": an object schema needs \"additionalProperties\": false");
    }
    Map<?, ?> props = schema.get("properties") instanceof Map<?, ?> m ? m : Map.of();
    List<?> required = schema.get("required") instanceof List<?> r ? r : List.of();
    for (Map.Entry<?, ?> p : props.entrySet()) {
      String name = String.valueOf(p.getKey());
      properties++;
      stringLength += name.length();
      if (!required.contains(name)) {
        violations.add(path + ": property '" + name + "' is not in required (make it required and let it be "
            + "null instead: \"type\": [\"...\", \"null\"])");
      }
      node(p.getValue(), path + "." + name, level);
    }
    for (Object name : required) {
      if (!props.containsKey(name)) {
        violations.add(path + ": required names '" + name + "', which is not a property");
      }
    }
  }

  private void checkType(@Nullable Object type, String path) {
    List<?> types = type instanceof List<?> list ? list : type == null ? List.of() : List.of(type);
    for (Object t : types) {
      if (!TYPES.contains(String.valueOf(t))) {
        violations.add(path + ": type '" + t + "' is not supported");
      }
    }
  }

  private void enumeration(@Nullable Object value, String path) {
    if (!(value instanceof List<?> values)) {
      violations.add(path + ".enum: must be an array");
      return;
    }
    enumValues += values.size();
    long length = 0;
    for (Object v : values) {
      if (v instanceof String s) {
        length += s.length();
      }
    }
    stringLength += length;
    if (values.size() > LARGE_ENUM && length > MAX_LARGE_ENUM_LENGTH) {
      violations.add(path + ".enum: " + values.size() + " values of " + length + " characters in all; an enum of more "
          + "than " + LARGE_ENUM + " values may have at most " + MAX_LARGE_ENUM_LENGTH);
    }
  }

  private static boolean isObjectSchema(Map<?, ?> schema) {
    Object type = schema.get("type");
    return "object".equals(type) || (type instanceof List<?> types && types.contains("object"));
  }
}
