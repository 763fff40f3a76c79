package dev.council.engine.internal.support;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.io.ContentReference;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The engine's one JSON configuration, shared by councils, results, events, structured output and schema
 * validation. Documents become plain Java trees: objects {@code LinkedHashMap}, arrays {@code ArrayList},
 * whole numbers {@code Integer}, {@code Long} or {@code BigInteger}, others {@code Double}, then
 * {@code String}, {@code Boolean} and null. Strict parsing rejects duplicate keys and anything after the
 * value; lenient parsing, for what models write, also accepts trailing commas, {@code //} and
 * {@code /* *}{@code /} comments and repeated keys (the last wins). Output keeps map order; pretty output
 * indents by two spaces with {@code "\n"} line ends.
 *
 * <p>Not API: anything here may change without notice. Stateless and thread-safe; nothing blocks or
 * performs I/O.
 */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();
  private static final ObjectReader STRICT = MAPPER.readerFor(Object.class);
  private static final ObjectReader LENIENT = STRICT
      .with(JsonReadFeature.ALLOW_TRAILING_COMMA)
      .with(JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .without(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectWriter COMPACT = MAPPER.writer();
  private static final ObjectWriter PRETTY = COMPACT.with(prettyPrinter());
  /** Jackson's pointer to an unclosed bracket, which names no position when the source is not quoted. */
  private static final Pattern START_MARKER = Pattern.compile("\\s*\\(start marker at \\[.*]\\)");

  private Json() {}

  /**
   * Parses exactly one JSON value strictly into a plain tree.
   *
   * @param onMalformed builds the exception thrown when {@code json} is not exactly one JSON value
   * @return the tree; null for JSON {@code null}
   */
  public static @Nullable Object parse(String json, Function<Malformed, ? extends RuntimeException> onMalformed) {
    try {
      return STRICT.readValue(json);
    } catch (JacksonException e) {
      throw onMalformed.apply(Malformed.of(e));
    }
  }

  /** Parses one JSON value leniently into a plain tree; empty when {@code text} is not one or is JSON {@code null}. */
  public static Optional<Object> parseLenient(String text) {
    try {
      return Optional.ofNullable(LENIENT.readValue(text));
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  /**
   * A plain tree as compact JSON.
   *
   * @throws CouncilException of kind {@link ErrorKind#VALIDATION} when {@code tree} holds a value that has
   *     no JSON form
   */
  public static String write(@Nullable Object tree) {
    return write(COMPACT, tree);
  }

  /**
   * A plain tree as pretty JSON.
   *
   * @throws CouncilException of kind {@link ErrorKind#VALIDATION} when {@code tree} holds a value that has
   *     no JSON form
   */
  public static String pretty(@Nullable Object tree) {
    return write(PRETTY, tree);
  }

  /** A plain tree as a Jackson node, for libraries that read Jackson trees; JSON {@code null} for null. */
  public static JsonNode node(@Nullable Object tree) {
    return tree == null ? JsonNodeFactory.instance.nullNode() : MAPPER.valueToTree(tree);
  }

  private static String write(ObjectWriter writer, @Nullable Object tree) {
    try {
      return writer.writeValueAsString(tree);
    } catch (JacksonException e) {
      String type = tree == null ? "null" : tree.getClass().getName();
      throw new CouncilException(ErrorKind.VALIDATION, "cannot write a " + type + " as JSON: "
          + firstLine(e.getOriginalMessage()) + "; pass maps, lists, strings, numbers, booleans or null");
    }
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    return new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }

  private static String firstLine(@Nullable String message) {
    if (message == null || message.isBlank()) {
      return "unreadable JSON";
    }
    int nl = message.indexOf('\n');
    String line = (nl < 0 ? message : message.substring(0, nl)).strip();
    return Character.toLowerCase(line.charAt(0)) + line.substring(1);
  }

  /**
   * Why a document is not JSON, for error messages.
   *
   * @param position {@code "line 3, column 15"} where parsing failed, or {@code "an unknown position"}
   * @param reason what was wrong there, in council's words (objects have fields), first letter lower case
   * @param hint how to fix the most common mistakes behind {@code reason}
   */
  public record Malformed(String position, String reason, String hint) {
    /** Requires every component. */
    public Malformed {
      Objects.requireNonNull(position, "position");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(hint, "hint");
    }

    static Malformed of(JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String position = at == null || at.getLineNr() < 0 ? "an unknown position"
          : "line " + at.getLineNr() + ", column " + at.getColumnNr();
      String reason = inCouncilWords(withOpening(firstLine(e.getOriginalMessage()), e));
      return new Malformed(position, reason, hint(reason));
    }

    /** Jackson names an unclosed bracket's opening without its position; this puts the position back. */
    private static String withOpening(String reason, JacksonException e) {
      if (!START_MARKER.matcher(reason).find()) {
        return reason;
      }
      TokenStreamLocation start = e.processor() instanceof JsonParser p
          ? p.streamReadContext().startLocation(ContentReference.unknown()) : null;
      String opening = start == null || start.getLineNr() < 0 ? ""
          : " (opened at line " + start.getLineNr() + ", column " + start.getColumnNr() + ")";
      return START_MARKER.matcher(reason).replaceFirst(opening);
    }

    /** Jackson 3 says "property" where council's errors and documentation say "field". */
    private static String inCouncilWords(String reason) {
      return reason.replace("duplicate Object property", "duplicate field").replace("property name", "field name");
    }

    private static String hint(String reason) {
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
  }
}
