package dev.council.recorder.jdbi.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.event.CouncilEvent;
import dev.council.api.json.JsonMapping;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdScalarSerializer;

/**
 * The recorder's JSON (Jackson, kept internal). Results, member results, errors and events are stored in
 * the one JSON form of {@link JsonMapping}, the same as the CLI's {@code --json} output and the HTTP API.
 * Councils and inputs are written field by field under their record component names and read back
 * through canonical constructors; instants and durations there are ISO-8601 strings.
 *
 * <p>Rows written before results were stored in {@link JsonMapping}'s form hold member results field by
 * field, with {@code latency} as an ISO-8601 duration instead of {@code latencyMs}; they are read as well,
 * and their event payloads are returned in today's form. Reading ignores unknown properties. Because
 * PostgreSQL's {@code jsonb} rejects the NUL character, NUL in any string is written as U+FFFD.
 * Thread-safe.
 */
public final class Json {
  private static final Json INSTANCE = new Json();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<Object>> LIST = new TypeReference<>() {};

  private final ObjectMapper mapper;

  private Json() {
    SimpleModule time = new SimpleModule("council-recorder-time");
    time.addSerializer(Instant.class, new IsoSerializer<>(Instant.class));
    time.addDeserializer(Instant.class, new IsoDeserializer<>(Instant.class, Instant::parse));
    time.addSerializer(Duration.class, new IsoSerializer<>(Duration.class));
    time.addDeserializer(Duration.class, new IsoDeserializer<>(Duration.class, Duration::parse));
    JsonMapper.Builder b = JsonMapper.builder()
        .changeDefaultVisibility(vc -> vc
            .withVisibility(PropertyAccessor.GETTER, Visibility.NONE)
            .withVisibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
            .withVisibility(PropertyAccessor.SETTER, Visibility.NONE)
            .withVisibility(PropertyAccessor.FIELD, Visibility.ANY))
        .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .addModule(time);
    this.mapper = b.build();
  }

  public static Json get() {
    return INSTANCE;
  }

  /** The event as {@link JsonMapping#toTree(CouncilEvent)} writes it. */
  public String writeEvent(CouncilEvent event) {
    return writeTree(JsonMapping.toTree(event), event.type() + " event");
  }

  /** The result as {@link JsonMapping#toTree(Result)} writes it. */
  public String writeResult(Result result) {
    return writeTree(JsonMapping.toTree(result), "result");
  }

  /** The member result as {@link JsonMapping#toTree(MemberResult)} writes it. */
  public String writeMemberResult(MemberResult result) {
    return writeTree(JsonMapping.toTree(result), "member result");
  }

  /** The errors as a JSON array of {@link JsonMapping#toTree(CouncilError)} objects. */
  public String writeErrors(List<CouncilError> errors) {
    List<Object> trees = new ArrayList<>(errors.size());
    errors.forEach(e -> trees.add(JsonMapping.toTree(e)));
    return writeTree(trees, "error list");
  }

  /** {@code value} (a council, an input) as JSON, field by field. */
  public String write(Object value) {
    return writeTree(value, value.getClass().getSimpleName());
  }

  private String writeTree(Object tree, String what) {
    try {
      return sanitize(mapper.writeValueAsString(tree));
    } catch (JacksonException e) {
      throw cannotWrite(what, e);
    }
  }

  /** Reads a {@code type} (a council) from JSON the recorder wrote field by field. */
  public <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (JacksonException e) {
      throw cannotRead(type.getSimpleName(), e);
    }
  }

  /** Reads a JSON object as a tree of maps, lists, strings, numbers and booleans. */
  public Map<String, Object> readMap(String json) {
    try {
      return mapper.readValue(json, MAP);
    } catch (JacksonException e) {
      throw cannotRead("JSON object", e);
    }
  }

  /** Reads a stored result, in either stored form. */
  public Result readResult(String json) {
    return JsonMapping.result(readMap(json));
  }

  /** Reads a stored member result, in either stored form. */
  public MemberResult readMemberResult(String json) {
    return JsonMapping.memberResult(readMap(json));
  }

  /** Reads a JSON array of errors, in either stored form. */
  public List<CouncilError> readErrors(String json) {
    try {
      return JsonMapping.errors(mapper.readValue(json, LIST));
    } catch (JacksonException e) {
      throw cannotRead("error list", e);
    }
  }

  /**
   * Reads a stored event payload as a tree in {@link JsonMapping}'s form. A payload stored in the older
   * form (recognised by member results without {@code latencyMs}) is read as an event and written again in
   * today's; other payloads never differed from it.
   */
  public Map<String, Object> readEvent(String json) {
    Map<String, Object> payload = readMap(json);
    if (!olderForm(payload)) {
      return payload;
    }
    return readMap(writeTree(JsonMapping.toTree(JsonMapping.event(payload)), "event"));
  }

  private static boolean olderForm(Map<String, Object> payload) {
    Object result = payload.get("result");
    return switch (String.valueOf(payload.get("type"))) {
      case "member_completed" -> olderMember(result);
      case "round_completed" -> olderRound(result);
      case "run_completed", "run_failed" -> result instanceof Map<?, ?> r && r.get("rounds") instanceof List<?> rounds
          && rounds.stream().anyMatch(Json::olderRound);
      default -> false;
    };
  }

  private static boolean olderRound(@Nullable Object round) {
    return round instanceof Map<?, ?> r && r.get("members") instanceof List<?> members
        && members.stream().anyMatch(Json::olderMember);
  }

  private static boolean olderMember(@Nullable Object member) {
    return member instanceof Map<?, ?> m && !m.containsKey("latencyMs");
  }

  /**
   * Replaces each {@code \u0000} escape with {@code \ufffd}. In JSON text a backslash occurs only inside
   * strings and always starts a two-character escape (or a six-character {@code \\uXXXX}), so stepping
   * over escapes finds exactly the NUL characters.
   */
  static String sanitize(String json) {
    if (!json.contains("\\u0000")) {
      return json;
    }
    StringBuilder sb = new StringBuilder(json.length());
    int i = 0;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c != '\\') {
        sb.append(c);
        i++;
      } else if (json.startsWith("\\u0000", i)) {
        sb.append("\\ufffd");
        i += 6;
      } else {
        sb.append(c).append(json.charAt(i + 1));
        i += 2;
      }
    }
    return sb.toString();
  }

  private static CouncilException cannotWrite(String what, JacksonException e) {
    return new CouncilException(CouncilError.of(ErrorKind.VALIDATION,
        "cannot write " + what + " as JSON: " + e.getOriginalMessage()
            + " (values in inputs, parsed outputs and metadata must be JSON-like: maps, lists, strings,"
            + " numbers, booleans)"), e);
  }

  private static CouncilException cannotRead(String what, JacksonException e) {
    return new CouncilException(CouncilError.of(ErrorKind.VALIDATION,
        "cannot read a stored " + what + " from JSON: " + e.getOriginalMessage()), e);
  }

  private static final class IsoSerializer<T> extends StdScalarSerializer<T> {
    IsoSerializer(Class<T> type) {
      super(type);
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializationContext ctx) {
      gen.writeString(value.toString());
    }
  }

  private static final class IsoDeserializer<T> extends StdScalarDeserializer<T> {
    private final Class<T> type;
    private final Function<String, T> parse;

    IsoDeserializer(Class<T> type, Function<String, T> parse) {
      super(type);
      this.type = type;
      this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctx) {
      String text = p.getValueAsString();
      if (text == null) {
        return type.cast(ctx.handleUnexpectedToken(type, p));
      }
      try {
        return parse.apply(text.trim());
      } catch (DateTimeParseException e) {
        return type.cast(ctx.handleWeirdStringValue(type, text, "expected an ISO-8601 %s", type.getSimpleName()));
      }
    }
  }
}
