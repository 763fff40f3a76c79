package dev.council.engine.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one place Jackson is configured: strict parsing (duplicate keys and trailing content are errors),
 * plain Java trees (objects become {@code LinkedHashMap}, arrays {@code ArrayList}, whole numbers
 * {@code Integer}, {@code Long} or {@code BigInteger}, others {@code Double}), two-space pretty printing.
 * Thread-safe.
 */
final class JsonSupport {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();

  static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());

  private JsonSupport() {}

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    return new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }

  /** "line 3, column 15" of where parsing failed, when known. */
  static String position(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 0 ? "an unknown position"
        : "line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** Jackson's message without its source excerpt, first letter lower-cased. */
  static String reason(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    if (m == null || m.isBlank()) {
      return "unreadable JSON";
    }
    int nl = m.indexOf('\n');
    String line = (nl < 0 ? m : m.substring(0, nl)).strip();
    return Character.toLowerCase(line.charAt(0)) + line.substring(1);
  }

  /** A hint for the most common mistakes behind {@code reason}. */
  static String hint(String reason) {
    String r = reason.toLowerCase(Locale.ROOT);
    if (r.contains("end-of-input") || r.contains("no content")) {
      return "the document ends too early: close every { and [ and finish the last value";
    }
    if (r.contains("double-quote to start field name")) {
      return "field names need double quotes, and the last entry of an object must not be followed by a comma";
    }
    if (r.contains("duplicate field")) {
      return "each field may appear only once per object";
    }
    if (r.contains("trailing token")) {
      return "a document holds exactly one JSON value; remove what follows it";
    }
    if (r.contains("unrecognized token") || r.contains("expected a valid value")) {
      return "strings need double quotes, and true, false and null are lower case";
    }
    if (r.contains("comma")) {
      return "separate entries with commas, and do not leave a comma before } or ]";
    }
    return "check the brackets, commas and quotes around that position";
  }

  /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}; ISO-8601 when not a whole unit. */
  static String duration(Duration d) {
    if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
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
