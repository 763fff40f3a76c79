package dev.council.engine.internal.support;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** How option checks look at JSON-like values: their kind in error messages, and whole numbers. */
public final class JsonValues {
  private static final int SHOWN = 40;

  private JsonValues() {}

  /** A value as error messages show it: its JSON kind, and strings and numbers themselves (cut short). */
  public static String describe(@Nullable Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?>) {
      return "an object";
    }
    if (v instanceof List<?>) {
      return "an array";
    }
    String text = String.valueOf(v);
    String cut = text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
    if (v instanceof String) {
      return "a string (\"" + cut + "\")";
    }
    return (v instanceof Boolean ? "a boolean (" : "a number (") + cut + ")";
  }

  /** Whether {@code n} is a finite number without a fractional part that fits a long. */
  public static boolean isWhole(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return true;
    }
    double d = n.doubleValue();
    return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p63;
  }
}
