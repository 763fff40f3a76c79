package dev.council.engine.json;

import dev.council.api.json.JsonMapping;
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
    return JsonMapping.duration(d);
  }

  static @Nullable String durationOrNull(@Nullable Duration d) {
    return d == null ? null : duration(d);
  }
}
