package dev.council.recorder.jdbi.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.event.CouncilEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdScalarSerializer;

/**
 * The recorder's JSON mapping of council records (Jackson, kept internal). Records are written field by
 * field under their component names and read back through their canonical constructors; instants and
 * durations are ISO-8601 strings; an event carries its {@link CouncilEvent#type()} as {@code type}.
 * Reading ignores unknown properties and takes null or missing numbers and booleans as zero and false.
 * Because PostgreSQL's {@code jsonb} rejects the NUL character, NUL in any string is written as U+FFFD.
 * Thread-safe.
 */
public final class Json {
  private static final Json INSTANCE = new Json();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<CouncilError>> ERRORS = new TypeReference<>() {};

  private final ObjectMapper mapper;
  private final ObjectWriter eventWriter;

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
        .addMixIn(CouncilEvent.class, EventMixin.class)
        .addModule(time);
    EventTypes.byClass().forEach((type, name) -> b.registerSubtypes(new NamedType(type, name)));
    this.mapper = b.build();
    this.eventWriter = mapper.writerFor(CouncilEvent.class);
  }

  public static Json get() {
    return INSTANCE;
  }

  /** The event as a JSON object with all its fields and {@code type}. */
  public String writeEvent(CouncilEvent event) {
    try {
      return sanitize(eventWriter.writeValueAsString(event));
    } catch (JacksonException e) {
      throw cannotWrite(event.type() + " event", e);
    }
  }

  /** {@code value} as JSON. */
  public String write(Object value) {
    try {
      return sanitize(mapper.writeValueAsString(value));
    } catch (JacksonException e) {
      throw cannotWrite(value.getClass().getSimpleName(), e);
    }
  }

  /** Reads a {@code type} from JSON the recorder wrote. */
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

  /** Reads a JSON array of errors. */
  public List<CouncilError> readErrors(String json) {
    try {
      return mapper.readValue(json, ERRORS);
    } catch (JacksonException e) {
      throw cannotRead("error list", e);
    }
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

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
  private abstract static class EventMixin {}

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
