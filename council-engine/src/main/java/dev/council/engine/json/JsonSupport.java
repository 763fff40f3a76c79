package dev.council.engine.json;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** How the JSON writers spell values that JSON has no type for. Stateless and thread-safe. */
final class JsonSupport {
  private JsonSupport() {}

  /**
   * {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}; ISO-8601 when not a whole unit or too long
   * to count in milliseconds.
   */
  static String duration(Duration d) {
    if (d.isNegative() || d.getNano() % 1_000_000 != 0 || d.getSeconds() >= Long.MAX_VALUE / 1_000) {
      return d.toString();
    }
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms + "ms";
  }

  static @Nullable String durationOrNull(@Nullable Duration d) {
    return d == null ? null : duration(d);
  }
}
