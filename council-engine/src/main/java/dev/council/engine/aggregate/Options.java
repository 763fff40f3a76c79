package dev.council.engine.aggregate;

import dev.council.engine.internal.support.JsonValues;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.ValidationError;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads aggregator options tolerantly (numbers and booleans may arrive as strings). */
final class Options {
  private Options() {}

  static boolean bool(String aggregator, Map<String, Object> options, String key, boolean fallback) {
    Object raw = options.get(key);
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    String text = raw.toString().strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(aggregator, key, raw, "true or false");
    };
  }

  static long integer(String aggregator, Map<String, Object> options, String key) {
    Object raw = options.get(key);
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    try {
      return new BigDecimal(String.valueOf(raw).strip()).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid(aggregator, key, raw, "an integer");
    }
  }

  /** A label → member map; keys and values are taken as strings. Absent → empty. */
  static Map<String, String> stringMap(String aggregator, Map<String, Object> options, String key) {
    Object raw = options.get(key);
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof Map<?, ?> map)) {
      throw invalid(aggregator, key, raw, "an object mapping strings to strings");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw invalid(aggregator, key, raw, "an object mapping strings to strings, without nulls");
      }
      copy.put(e.getKey().toString().strip(), e.getValue().toString().strip());
    }
    return copy;
  }

  static CouncilException invalid(String aggregator, String key, Object raw, String expected) {
    return new CouncilException(
        ErrorKind.VALIDATION,
        "Aggregator '%s': option '%s' must be %s, got '%s'. Fix the round's aggregator options."
            .formatted(aggregator, key, expected, raw));
  }

  /** Adds an error when {@code key} is set and {@link #bool} would refuse it. */
  static void checkBool(String aggregator, Map<String, Object> options, String key, String path,
      List<ValidationError> out) {
    try {
      bool(aggregator, options, key, false);
    } catch (CouncilException e) {
      out.add(new ValidationError(path + "." + key, "invalid_type", "aggregator '" + aggregator + "': option '" + key
          + "' must be true or false, got " + JsonValues.describe(options.get(key))));
    }
  }

  /** Adds an error when {@code key} is set and {@link #integer} would refuse it. */
  static void checkInteger(String aggregator, Map<String, Object> options, String key, String path,
      List<ValidationError> out) {
    if (options.get(key) == null) {
      return;
    }
    try {
      integer(aggregator, options, key);
    } catch (CouncilException e) {
      out.add(new ValidationError(path + "." + key, "invalid_type", "aggregator '" + aggregator + "': option '" + key
          + "' must be a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE + ", got "
          + JsonValues.describe(options.get(key))));
    }
  }

  /** Adds an error when {@code key} is set and {@link #stringMap} would refuse it. */
  static void checkStringMap(String aggregator, Map<String, Object> options, String key, String path,
      List<ValidationError> out) {
    try {
      stringMap(aggregator, options, key);
    } catch (CouncilException e) {
      out.add(new ValidationError(path + "." + key, "invalid_type", "aggregator '" + aggregator + "': option '" + key
          + "' must be an object mapping strings to strings, without nulls, got " + JsonValues.describe(options.get(key))));
    }
  }

  /** A value as error messages show it: its JSON kind, and strings and numbers themselves (cut short). */}
