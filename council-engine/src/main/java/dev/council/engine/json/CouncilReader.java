package dev.council.engine.json;

import dev.council.api.ConfidenceStrategy;
import dev.council.api.Council;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.Profile;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.ToolChoice;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a council from a plain JSON tree, collecting every problem (unknown fields, wrong types, missing
 * required fields, bad values) with its path before failing. One instance per read; not thread-safe.
 */
final class CouncilReader {
  static final String UNKNOWN_ID = "<unknown>";

  private static final List<String> OPTION_FIELDS = List.of("provider", "model", "temperature", "maxTokens",
      "stream", "retry", "timeout", "tools", "outputSchema", "outputSchemaRef", "confidence", "weight", "options", "toolChoice", "transformInput",
      "validate");
  private static final List<String> COUNCIL_FIELDS = List.of("id", "description", "defaultProfile", "router",
      "profiles", "tools", "members", "chair", "rounds", "options");
  private static final List<String> MEMBER_FIELDS = Stream.of(
      List.of("id", "role", "systemPrompt", "profile"), OPTION_FIELDS,
      List.of("metadata", "subCouncil", "subCouncilRef", "inputMapper")).flatMap(List::stream).toList();
  private static final List<String> PROFILE_FIELDS =
      Stream.concat(Stream.of("name"), OPTION_FIELDS.stream()).toList();
  private static final List<String> ROUND_FIELDS = List.of("type", "name", "options", "rounds");
  private static final Pattern PLAIN_FIELD = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");
  private static final List<String> RETRY_FIELDS = List.of("maxAttempts", "baseBackoff", "maxBackoff");

  private final List<ValidationError> errors = new ArrayList<>();

  private CouncilReader() {}

  /** The council in {@code root}, or an {@link InvalidCouncilException} listing every problem. */
  static Council read(@Nullable Object root) {
    CouncilReader reader = new CouncilReader();
    if (!(root instanceof Map<?, ?> map)) {
      throw new InvalidCouncilException(UNKNOWN_ID, List.of(new ValidationError("$", "invalid_type",
          "a council must be a JSON object such as {\"id\": \"advisor\", \"members\": [...], \"rounds\": [...]}, "
              + "got " + describe(root))));
    }
    Council council = reader.council(map, "");
    if (council == null || !reader.errors.isEmpty()) {
      String id = map.get("id") instanceof String s ? s : UNKNOWN_ID;
      throw new InvalidCouncilException(id, reader.errors);
    }
    return council;
  }

  /**
   * The profiles in {@code root}: one profile object, or an array of them; an
   * {@link InvalidCouncilException} (council id {@value #UNKNOWN_ID}) listing every problem otherwise.
   */
  static List<Profile> readProfiles(@Nullable Object root) {
    CouncilReader reader = new CouncilReader();
    List<Profile> out = new ArrayList<>();
    if (root instanceof Map<?, ?>) {
      Profile p = reader.profile(root, "");
      if (p != null) {
        out.add(p);
      }
    } else if (root instanceof List<?> items) {
      for (int i = 0; i < items.size(); i++) {
        Profile p = reader.profile(items.get(i), "[" + i + "]");
        if (p != null) {
          out.add(p);
        }
      }
    } else {
      reader.invalidType("$", "a profile file", "a profile object such as {\"name\": \"fast\", \"provider\":"
          + " \"openai\", \"model\": \"gpt-4o-mini\"}, or an array of them", root);
    }
    if (!reader.errors.isEmpty()) {
      throw new InvalidCouncilException(UNKNOWN_ID, reader.errors);
    }
    return List.copyOf(out);
  }

  private @Nullable Council council(Map<?, ?> obj, String prefix) {
    checkFields(obj, prefix, "a council", COUNCIL_FIELDS);
    String id = required(obj, prefix, "id", "a council needs an \"id\": a string naming it in results and events");
    String description = string(obj, prefix, "description");
    String defaultProfile = string(obj, prefix, "defaultProfile");
    String router = string(obj, prefix, "router");
    List<Profile> profiles = list(obj, prefix, "profiles", this::profile);
    List<String> tools = strings(obj, prefix, "tools");
    List<Member> members = list(obj, prefix, "members", this::member);
    Object chairNode = obj.get("chair");
    Member chair = chairNode == null ? null : member(chairNode, at(prefix, "chair"));
    List<Round> rounds = list(obj, prefix, "rounds", this::round);
    Map<String, Object> options = tree(obj, prefix, "options");
    if (id == null) {
      return null;
    }
    return new Council(id, description, members, rounds, chair, router, defaultProfile, profiles,
        tools == null ? List.of() : tools, options);
  }

  private @Nullable Member member(Object node, String path) {
    if (!(node instanceof Map<?, ?> obj)) {
      invalidType(path, "a member", "an object such as {\"id\": \"analyst\", \"provider\": \"openai\"}", node);
      return null;
    }
    checkFields(obj, path, "a member", MEMBER_FIELDS);
    String id = required(obj, path, "id", "a member needs an \"id\": a string unique within its council");
    String role = string(obj, path, "role");
    String systemPrompt = string(obj, path, "systemPrompt");
    String profile = string(obj, path, "profile");
    MemberOptions options = options(obj, path);
    Map<String, Object> metadata = tree(obj, path, "metadata");
    Council subCouncil = null;
    Object sub = obj.get("subCouncil");
    if (sub != null) {
      if (sub instanceof Map<?, ?> subMap) {
        subCouncil = council(subMap, at(path, "subCouncil"));
      } else {
        invalidType(at(path, "subCouncil"), "\"subCouncil\"", "a council object", sub);
      }
    }
    String subCouncilRef = string(obj, path, "subCouncilRef");
    String inputMapper = string(obj, path, "inputMapper");
    if (id == null) {
      return null;
    }
    return new Member(id, role, systemPrompt, profile, options, metadata, subCouncil, subCouncilRef, inputMapper);
  }

  private @Nullable Profile profile(Object node, String path) {
    if (!(node instanceof Map<?, ?> obj)) {
      invalidType(path, "a profile", "an object such as {\"name\": \"fast\", \"model\": \"gpt-4o-mini\"}", node);
      return null;
    }
    checkFields(obj, path, "a profile", PROFILE_FIELDS);
    String name = required(obj, path, "name", "a profile needs a \"name\" that members refer to it by");
    MemberOptions options = options(obj, path);
    return name == null ? null : new Profile(name, options);
  }

  private @Nullable Round round(Object node, String path) {
    if (!(node instanceof Map<?, ?> obj)) {
      invalidType(path, "a round", "an object such as {\"type\": \"independent_analysis\"}", node);
      return null;
    }
    checkFields(obj, path, "a round", ROUND_FIELDS);
    String type = required(obj, path, "type", "a round needs a \"type\", e.g. \"independent_analysis\", "
        + "\"peer_review\", \"vote\" or \"synthesis\"");
    String name = string(obj, path, "name");
    Map<String, Object> options = tree(obj, path, "options");
    List<Round> inner = list(obj, path, "rounds", this::round);
    return type == null ? null : new Round(type, name, options, inner);
  }

  private MemberOptions options(Map<?, ?> obj, String path) {
    Object retryNode = obj.get("retry");
    Map<String, Object> extra = tree(obj, path, "options");
    return new MemberOptions(
        string(obj, path, "provider"),
        string(obj, path, "model"),
        number(obj, path, "temperature"),
        integer(obj, path, "maxTokens"),
        bool(obj, path, "stream"),
        retryNode == null ? null : retry(retryNode, at(path, "retry")),
        duration(obj, path, "timeout"),
        strings(obj, path, "tools"),
        obj.containsKey("outputSchema") ? tree(obj, path, "outputSchema") : null,
        string(obj, path, "outputSchemaRef"),
        confidence(obj, path),
        number(obj, path, "weight"),
        extra,
        toolChoice(obj, path),
        string(obj, path, "transformInput"),
        string(obj, path, "validate"));
  }

  /** {@code "auto"}, {@code "none"}, {@code "required"}, or {@code {"tool": "<name>"}}. */
  private @Nullable ToolChoice toolChoice(Map<?, ?> obj, String path) {
    Object node = obj.get("toolChoice");
    String at = at(path, "toolChoice");
    if (node == null) {
      return null;
    }
    if (node instanceof String text) {
      try {
        return ToolChoice.ofMode(text);
      } catch (IllegalArgumentException e) {
        errors.add(new ValidationError(at, "invalid_value", "\"toolChoice\" " + e.getMessage()));
        return null;
      }
    }
    if (node instanceof Map<?, ?> choice && choice.size() == 1 && choice.get("tool") instanceof String name
        && !name.isBlank()) {
      return ToolChoice.tool(name);
    }
    invalidType(at, "\"toolChoice\"", "\"auto\", \"none\", \"required\" or {\"tool\": \"<tool name>\"}", node);
    return null;
  }

  private @Nullable RetryPolicy retry(Object node, String path) {
    if (!(node instanceof Map<?, ?> obj)) {
      invalidType(path, "\"retry\"", "an object such as {\"maxAttempts\": 3, \"baseBackoff\": \"1s\", "
          + "\"maxBackoff\": \"30s\"}", node);
      return null;
    }
    checkFields(obj, path, "a retry policy", RETRY_FIELDS);
    Integer attempts = integer(obj, path, "maxAttempts");
    Duration base = duration(obj, path, "baseBackoff");
    Duration max = duration(obj, path, "maxBackoff");
    try {
      return new RetryPolicy(attempts == null ? RetryPolicy.DEFAULT.maxAttempts() : attempts,
          base == null ? RetryPolicy.DEFAULT.baseBackoff() : base,
          max == null ? RetryPolicy.DEFAULT.maxBackoff() : max);
    } catch (IllegalArgumentException e) {
      errors.add(new ValidationError(path, "invalid_value", "retry policy is invalid: " + e.getMessage()));
      return null;
    }
  }

  private @Nullable ConfidenceStrategy confidence(Map<?, ?> obj, String path) {
    String text = string(obj, path, "confidence");
    if (text == null) {
      return null;
    }
    String norm = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (ConfidenceStrategy c : ConfidenceStrategy.values()) {
      if (c.name().equals(norm)) {
        return c;
      }
    }
    List<String> allowed = Stream.of(ConfidenceStrategy.values()).map(c -> c.name().toLowerCase(Locale.ROOT))
        .toList();
    errors.add(new ValidationError(at(path, "confidence"), "invalid_value",
        "\"confidence\" is \"" + text + "\" but must be one of " + String.join(", ", allowed)));
    return null;
  }

  private void checkFields(Map<?, ?> obj, String path, String what, List<String> known) {
    for (Object key : obj.keySet()) {
      String field = String.valueOf(key);
      if (!known.contains(field)) {
        String suggestion = closest(field, known).map(k -> " Did you mean \"" + k + "\"?").orElse("");
        errors.add(new ValidationError(at(path, field), "unknown_field", "\"" + field + "\" is not a field of "
            + what + "." + suggestion + " Known fields: " + String.join(", ", known) + "."));
      }
    }
  }

  private @Nullable String required(Map<?, ?> obj, String path, String field, String why) {
    if (obj.get(field) == null) {
      errors.add(new ValidationError(at(path, field), "missing_field", why + "; it is missing."));
      return null;
    }
    return string(obj, path, field);
  }

  private @Nullable String string(Map<?, ?> obj, String path, String field) {
    Object v = obj.get(field);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    invalidType(at(path, field), quoted(field), "a string", v);
    return null;
  }

  private @Nullable Double number(Map<?, ?> obj, String path, String field) {
    Object v = obj.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    invalidType(at(path, field), quoted(field), "a number", v);
    return null;
  }

  private @Nullable Integer integer(Map<?, ?> obj, String path, String field) {
    Object v = obj.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Long l && l == l.intValue()) {
      return l.intValue();
    }
    if (v instanceof Long || v instanceof BigInteger) {
      errors.add(new ValidationError(at(path, field), "invalid_value", quoted(field) + " is " + v
          + " but must be at most " + Integer.MAX_VALUE));
      return null;
    }
    invalidType(at(path, field), quoted(field), "a whole number", v);
    return null;
  }

  private @Nullable Boolean bool(Map<?, ?> obj, String path, String field) {
    Object v = obj.get(field);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    invalidType(at(path, field), quoted(field), "true or false", v);
    return null;
  }

  private @Nullable Duration duration(Map<?, ?> obj, String path, String field) {
    Object v = obj.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long) {
      long ms = ((Number) v).longValue();
      if (ms >= 0) {
        return Duration.ofMillis(ms);
      }
    } else if (v instanceof String s) {
      Optional<Duration> d = CouncilConfig.parseDuration(s);
      if (d.isPresent() && !d.get().isNegative()) {
        return d.get();
      }
    } else {
      invalidType(at(path, field), quoted(field), "a duration string such as \"30s\"", v);
      return null;
    }
    errors.add(new ValidationError(at(path, field), "invalid_value", quoted(field) + " is " + preview(v)
        + " but must be a duration such as \"500ms\", \"30s\", \"2m\", \"PT30S\" or a number of milliseconds"));
    return null;
  }

  private @Nullable List<String> strings(Map<?, ?> obj, String path, String field) {
    Object v = obj.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> items)) {
      invalidType(at(path, field), quoted(field), "an array of strings", v);
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof String s) {
        out.add(s);
      } else {
        invalidType(path(at(path, field), i), quoted(field) + " entry", "a string", items.get(i));
      }
    }
    return out;
  }

  private <T> List<T> list(Map<?, ?> obj, String path, String field, BiFunction<Object, String, @Nullable T> read) {
    Object v = obj.get(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> items)) {
      invalidType(at(path, field), quoted(field), "an array", v);
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      T t = read.apply(items.get(i), path(at(path, field), i));
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> tree(Map<?, ?> obj, String path, String field) {
    Object v = obj.get(field);
    if (v == null) {
      return Map.of();
    }
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    invalidType(at(path, field), quoted(field), "an object", v);
    return Map.of();
  }

  private void invalidType(String path, String what, String expected, @Nullable Object actual) {
    errors.add(new ValidationError(path, "invalid_type", what + " must be " + expected + ", got "
        + describe(actual)));
  }

  private static String describe(@Nullable Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?>) {
      return "an object";
    }
    if (v instanceof List<?>) {
      return "an array";
    }
    if (v instanceof String) {
      return "a string (" + preview(v) + ")";
    }
    return (v instanceof Boolean ? "a boolean (" : "a number (") + v + ")";
  }

  private static String preview(Object v) {
    String s = String.valueOf(v);
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return v instanceof String ? "\"" + cut + "\"" : cut;
  }

  private static String quoted(String field) {
    return "\"" + field + "\"";
  }

  /**
   * The path of {@code field} under {@code prefix}: {@code prefix.field}, or {@code prefix["field"]} when the
   * name is not a plain identifier (blank, spaces, punctuation), so every path names its field visibly.
   */
  private static String at(String prefix, String field) {
    if (!PLAIN_FIELD.matcher(field).matches()) {
      return prefix + "[\"" + field.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
    return prefix.isEmpty() ? field : prefix + "." + field;
  }

  private static String path(String prefix, int index) {
    return prefix + "[" + index + "]";
  }

  /** The known field closest to {@code field}: same letters ignoring case and separators, or 1-2 typos. */
  private static Optional<String> closest(String field, List<String> known) {
    String norm = normalize(field);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = normalize(k).equals(norm) ? 0 : distance(field.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(1, Math.min(2, field.length() / 4)) ? Optional.ofNullable(best) : Optional.empty();
  }

  private static String normalize(String s) {
    return s.replaceAll("[_\\-\\s]", "").toLowerCase(Locale.ROOT);
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
