package dev.council.api.json;

import dev.council.api.AggregateResult;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.ValidationError;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.MemberToken;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.api.event.RunStarted;
import dev.council.api.event.ToolCallCompleted;
import dev.council.api.event.ToolCallRequested;
import dev.council.api.provider.StreamChunk;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolCallResult;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON form of what runs produce: results, events, errors and validation problems, as plain
 * trees ({@link LinkedHashMap} objects, {@link ArrayList} arrays, strings, numbers, booleans, null) that
 * any JSON library writes as is. The {@code council} command's {@code --json} output, the JDBI recorder's
 * stored payloads and the HTTP API all use it, so a result or event has the same shape everywhere.
 *
 * <p>The shape: every documented key is always present, {@code null} when it has no value (except an
 * error's {@code retryAfter} and {@code cause}, present only when set). Keys are camelCase and come in
 * the order documented on each method. Enum values are written by name ({@code COMPLETED},
 * {@code RATE_LIMITED}), instants as ISO-8601 text, a member's latency twice: as whole milliseconds
 * ({@code latencyMs}, for people and dashboards) and exactly as ISO-8601 ({@code latency}), a retry-after
 * as a duration string ({@link #duration}: {@code "30s"}). Values inside
 * {@code metadata}, {@code parsed}, {@code details} and inputs are written as they are, except that
 * results nested in them (a sub-council's {@code subResult}) become their trees, enums their names,
 * instants and durations text.
 *
 * <p>The reverse ({@link #result}, {@link #roundResult}, {@link #memberResult}, {@link #error},
 * {@link #event}) reads trees of this shape back, whatever JSON library parsed them: any {@link Number}
 * type is accepted where a number is expected, a retry-after may also be ISO-8601 text, and a member
 * result needs only one of {@code latency} and {@code latencyMs}. Reading back what was written gives
 * equal values, except that values nested in data maps (a {@code subResult}) stay trees. A tree that
 * does not fit throws {@link CouncilException} of kind {@link ErrorKind#VALIDATION} naming the path of
 * the first bad field.
 *
 * <p>Stateless and thread-safe; no method blocks or performs I/O. Trees returned are new and mutable
 * at the top, but share the (unmodifiable) data maps held by the values they came from.
 */
public final class JsonMapping {
  /** The event type names {@link #event} reads, in the order of a run. */
  private static final List<String> EVENT_TYPES = List.of("run_started", "round_started", "member_started",
      "member_token", "tool_call_requested", "tool_call_completed", "member_completed", "round_completed",
      "run_completed", "run_failed");

  private JsonMapping() {}

  /**
   * A run's result: {@code runId, councilId, status, answer, rounds, errors, usage, startedAt,
   * finishedAt, metadata}; {@code usage} is {@code inputTokens, outputTokens, cost}.
   */
  public static Map<String, Object> toTree(Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", r.runId());
    m.put("councilId", r.councilId());
    m.put("status", r.status().name());
    m.put("answer", r.answer());
    m.put("rounds", map(r.rounds(), JsonMapping::toTree));
    m.put("errors", map(r.errors(), JsonMapping::toTree));
    m.put("usage", usage(r.usage()));
    m.put("startedAt", r.startedAt().toString());
    m.put("finishedAt", r.finishedAt().toString());
    m.put("metadata", plain(r.metadata()));
    return m;
  }

  /**
   * A round result: {@code name, type, index, iteration, members, aggregate, metadata}; the aggregate is
   * {@code aggregator, winner, tied, scores, noWinnerReason, details} or null.
   */
  public static Map<String, Object> toTree(RoundResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("type", r.type());
    m.put("index", r.index());
    m.put("iteration", r.iteration());
    m.put("members", map(r.members(), JsonMapping::toTree));
    m.put("aggregate", r.aggregate() == null ? null : aggregate(r.aggregate()));
    m.put("metadata", plain(r.metadata()));
    return m;
  }

  /**
   * A member result: {@code memberId, status, content, parsed, usage, attempts, latencyMs, latency,
   * confidence, error, provider, model, metadata}.
   */
  public static Map<String, Object> toTree(MemberResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("memberId", r.memberId());
    m.put("status", r.status().name());
    m.put("content", r.content());
    m.put("parsed", plain(r.parsed()));
    m.put("usage", usage(r.usage()));
    m.put("attempts", r.attempts());
    m.put("latencyMs", r.latency().toMillis());
    m.put("latency", r.latency().toString());
    m.put("confidence", r.confidence());
    m.put("error", r.error() == null ? null : toTree(r.error()));
    m.put("provider", r.provider());
    m.put("model", r.model());
    m.put("metadata", plain(r.metadata()));
    return m;
  }

  /**
   * An error: {@code kind, message, memberId, round}, plus {@code retryAfter} and {@code cause} when
   * they are set.
   */
  public static Map<String, Object> toTree(CouncilError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", e.kind().name());
    m.put("message", e.message());
    m.put("memberId", e.memberId());
    m.put("round", e.round());
    if (e.retryAfter() != null) {
      m.put("retryAfter", duration(e.retryAfter()));
    }
    if (e.cause() != null) {
      m.put("cause", e.cause());
    }
    return m;
  }

  /** A validation problem: {@code path, code, message}. */
  public static Map<String, Object> toTree(ValidationError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", e.path());
    m.put("code", e.code());
    m.put("message", e.message());
    return m;
  }

  /**
   * An event: {@code type, runId, seq, timestamp}, then its own fields under their record component
   * names, with results, errors, chunks and tool calls as trees (a chunk is {@code content,
   * finishReason, index}; a tool call {@code id, name, arguments}; a tool result {@code id, name,
   * result, error}).
   */
  public static Map<String, Object> toTree(CouncilEvent event) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", event.type());
    m.put("runId", event.runId());
    m.put("seq", event.seq());
    m.put("timestamp", event.timestamp().toString());
    switch (event) {
      case RunStarted e -> {
        m.put("councilId", e.councilId());
        m.put("input", plain(e.input()));
        m.put("attempt", e.attempt());
        m.put("parentRunId", e.parentRunId());
      }
      case RoundStarted e -> {
        m.put("round", e.round());
        m.put("roundType", e.roundType());
        m.put("roundIndex", e.roundIndex());
        m.put("iteration", e.iteration());
        m.put("participants", new ArrayList<Object>(e.participants()));
      }
      case MemberStarted e -> {
        m.put("round", e.round());
        m.put("roundIndex", e.roundIndex());
        m.put("iteration", e.iteration());
        m.put("memberId", e.memberId());
        m.put("attempt", e.attempt());
        m.put("prompt", e.prompt());
      }
      case MemberToken e -> {
        m.put("round", e.round());
        m.put("roundIndex", e.roundIndex());
        m.put("memberId", e.memberId());
        m.put("chunk", chunk(e.chunk()));
      }
      case ToolCallRequested e -> {
        m.put("round", e.round());
        m.put("roundIndex", e.roundIndex());
        m.put("memberId", e.memberId());
        m.put("call", toolCall(e.call()));
      }
      case ToolCallCompleted e -> {
        m.put("round", e.round());
        m.put("roundIndex", e.roundIndex());
        m.put("memberId", e.memberId());
        m.put("result", toolResult(e.result()));
      }
      case MemberCompleted e -> {
        m.put("round", e.round());
        m.put("roundIndex", e.roundIndex());
        m.put("iteration", e.iteration());
        m.put("result", toTree(e.result()));
      }
      case RoundCompleted e -> m.put("result", toTree(e.result()));
      case RunCompleted e -> m.put("result", toTree(e.result()));
      case RunFailed e -> {
        m.put("errors", map(e.errors(), JsonMapping::toTree));
        m.put("result", toTree(e.result()));
      }
    }
    return m;
  }

  /**
   * A duration as the JSON form writes it: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}
   * (the largest whole unit); ISO-8601 ({@code PT0.0005S}) when it is negative or not whole milliseconds.
   */
  public static String duration(Duration d) {
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

  /** Reads a {@link #toTree(Result)} tree back. */
  public static Result result(Map<String, ?> tree) {
    return new Reader("result").result(tree);
  }

  /** Reads a {@link #toTree(RoundResult)} tree back. */
  public static RoundResult roundResult(Map<String, ?> tree) {
    return new Reader("round").round(tree);
  }

  /** Reads a {@link #toTree(MemberResult)} tree back. */
  public static MemberResult memberResult(Map<String, ?> tree) {
    return new Reader("member result").member(tree);
  }

  /** Reads a {@link #toTree(CouncilError)} tree back. */
  public static CouncilError error(Map<String, ?> tree) {
    return new Reader("error").error(tree);
  }

  /** Reads a {@link #toTree(CouncilEvent)} tree back; its {@code type} says which event it is. */
  public static CouncilEvent event(Map<String, ?> tree) {
    return new Reader("event").event(tree);
  }

  /** Reads a JSON array of {@link #toTree(CouncilError)} trees back. */
  public static List<CouncilError> errors(List<?> trees) {
    Reader r = new Reader("errors");
    List<CouncilError> out = new ArrayList<>(trees.size());
    for (int i = 0; i < trees.size(); i++) {
      out.add(r.error(r.object(trees.get(i), "[" + i + "]"), "[" + i + "]."));
    }
    return out;
  }

  // ---------------------------------------------------------------- writing helpers

  private static Map<String, Object> usage(Usage u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("inputTokens", u.inputTokens());
    m.put("outputTokens", u.outputTokens());
    m.put("cost", u.cost());
    return m;
  }

  private static Map<String, Object> aggregate(AggregateResult a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("aggregator", a.aggregator());
    m.put("winner", a.winner());
    m.put("tied", new ArrayList<Object>(a.tied()));
    m.put("scores", new LinkedHashMap<String, Object>(a.scores()));
    m.put("noWinnerReason", a.noWinnerReason());
    m.put("details", plain(a.details()));
    return m;
  }

  private static Map<String, Object> chunk(StreamChunk c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("content", c.content());
    m.put("finishReason", c.finishReason());
    m.put("index", c.index());
    return m;
  }

  private static Map<String, Object> toolCall(ToolCall c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("name", c.name());
    m.put("arguments", plain(c.arguments()));
    return m;
  }

  private static Map<String, Object> toolResult(ToolCallResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.name());
    m.put("result", plain(r.result()));
    m.put("error", r.error());
    return m;
  }

  private static <T> List<Object> map(List<T> items, Function<T, Object> f) {
    List<Object> out = new ArrayList<>(items.size());
    for (T item : items) {
      out.add(f.apply(item));
    }
    return out;
  }

  /**
   * A JSON-like value with the council values inside it turned into their trees. Returns {@code value}
   * itself when nothing inside needs turning, so plain data is not copied.
   */
  @SuppressWarnings("unchecked")
  private static @Nullable Object plain(@Nullable Object value) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Number n -> n;
      case Boolean b -> b;
      case Map<?, ?> m -> {
        Map<String, Object> copy = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          Object v = e.getValue();
          Object p = plain(v);
          if (p != v && copy == null) {
            copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> before : m.entrySet()) {
              if (before.getKey() == e.getKey()) {
                break;
              }
              copy.put(String.valueOf(before.getKey()), before.getValue());
            }
          }
          if (copy != null) {
            copy.put(String.valueOf(e.getKey()), p);
          }
        }
        yield copy != null ? copy : (Map<String, Object>) m;
      }
      case List<?> l -> {
        List<Object> copy = null;
        for (int i = 0; i < l.size(); i++) {
          Object v = l.get(i);
          Object p = plain(v);
          if (p != v && copy == null) {
            copy = new ArrayList<>(l.subList(0, i));
          }
          if (copy != null) {
            copy.add(p);
          }
        }
        yield copy != null ? copy : l;
      }
      case Result r -> toTree(r);
      case RoundResult r -> toTree(r);
      case MemberResult r -> toTree(r);
      case CouncilError e -> toTree(e);
      case Usage u -> usage(u);
      case Enum<?> e -> e.name();
      case Instant t -> t.toString();
      case Duration d -> duration(d);
      default -> value;
    };
  }

  // ---------------------------------------------------------------- reading

  /** Reads one tree, naming the path of the first field that does not fit. */
  private static final class Reader {
    private final String what;

    Reader(String what) {
      this.what = what;
    }

    Result result(Map<String, ?> m) {
      List<RoundResult> rounds = new ArrayList<>();
      List<?> rawRounds = list(m, "rounds", "");
      for (int i = 0; i < rawRounds.size(); i++) {
        String path = "rounds[" + i + "]";
        rounds.add(round(object(rawRounds.get(i), path), path + "."));
      }
      return new Result(
          string(m, "runId", ""),
          string(m, "councilId", ""),
          enumValue(RunStatus.class, m, "status", ""),
          nullableString(m, "answer", ""),
          rounds,
          errorList(m, "errors", ""),
          usage(m, "usage", ""),
          instant(m, "startedAt", ""),
          instant(m, "finishedAt", ""),
          dataMap(m, "metadata", ""));
    }

    RoundResult round(Map<String, ?> m) {
      return round(m, "");
    }

    CouncilEvent event(Map<String, ?> m) {
      String type = string(m, "type", "");
      String runId = string(m, "runId", "");
      long seq = number(m, "seq", "").longValue();
      Instant ts = instant(m, "timestamp", "");
      return switch (type) {
        case "run_started" -> new RunStarted(runId, seq, ts, string(m, "councilId", ""), dataMap(m, "input", ""),
            integer(m, "attempt", ""), nullableString(m, "parentRunId", ""));
        case "round_started" -> new RoundStarted(runId, seq, ts, string(m, "round", ""), string(m, "roundType", ""),
            integer(m, "roundIndex", ""), integer(m, "iteration", ""), strings(m, "participants", ""));
        case "member_started" -> new MemberStarted(runId, seq, ts, string(m, "round", ""), integer(m, "roundIndex", ""),
            integer(m, "iteration", ""), string(m, "memberId", ""), integer(m, "attempt", ""), string(m, "prompt", ""));
        case "member_token" -> {
          Map<String, ?> c = object(m.get("chunk"), "chunk");
          yield new MemberToken(runId, seq, ts, string(m, "round", ""), integer(m, "roundIndex", ""),
              string(m, "memberId", ""), new StreamChunk(string(c, "content", "chunk."),
                  nullableString(c, "finishReason", "chunk."), integer(c, "index", "chunk.")));
        }
        case "tool_call_requested" -> {
          Map<String, ?> c = object(m.get("call"), "call");
          yield new ToolCallRequested(runId, seq, ts, string(m, "round", ""), integer(m, "roundIndex", ""),
              string(m, "memberId", ""), new ToolCall(string(c, "id", "call."), string(c, "name", "call."),
                  dataMap(c, "arguments", "call.")));
        }
        case "tool_call_completed" -> {
          Map<String, ?> r = object(m.get("result"), "result");
          yield new ToolCallCompleted(runId, seq, ts, string(m, "round", ""), integer(m, "roundIndex", ""),
              string(m, "memberId", ""), new ToolCallResult(string(r, "id", "result."), string(r, "name", "result."),
                  r.get("result"), nullableString(r, "error", "result.")));
        }
        case "member_completed" -> new MemberCompleted(runId, seq, ts, string(m, "round", ""),
            integer(m, "roundIndex", ""), integer(m, "iteration", ""),
            member(object(m.get("result"), "result"), "result."));
        case "round_completed" -> new RoundCompleted(runId, seq, ts, round(object(m.get("result"), "result"), "result."));
        case "run_completed" -> new RunCompleted(runId, seq, ts, result(object(m.get("result"), "result")));
        case "run_failed" -> new RunFailed(runId, seq, ts, errorList(m, "errors", ""),
            result(object(m.get("result"), "result")));
        default -> throw bad("type", "one of the event types " + EVENT_TYPES, type);
      };
    }

    private RoundResult round(Map<String, ?> m, String at) {
      List<MemberResult> members = new ArrayList<>();
      List<?> raw = list(m, "members", at);
      for (int i = 0; i < raw.size(); i++) {
        String path = at + "members[" + i + "]";
        members.add(member(object(raw.get(i), path), path + "."));
      }
      Object agg = m.get("aggregate");
      return new RoundResult(
          string(m, "name", at),
          string(m, "type", at),
          (int) number(m, "index", at).longValue(),
          (int) number(m, "iteration", at).longValue(),
          members,
          agg == null ? null : aggregate(object(agg, at + "aggregate"), at + "aggregate."),
          dataMap(m, "metadata", at));
    }

    MemberResult member(Map<String, ?> m) {
      return member(m, "");
    }

    private MemberResult member(Map<String, ?> m, String at) {
      Object err = m.get("error");
      Number confidence = nullableNumber(m, "confidence", at);
      String latency = nullableString(m, "latency", at);
      return new MemberResult(
          string(m, "memberId", at),
          enumValue(MemberStatus.class, m, "status", at),
          nullableString(m, "content", at),
          m.get("parsed"),
          usage(m, "usage", at),
          (int) number(m, "attempts", at).longValue(),
          latency != null ? isoDuration(latency, at + "latency") : Duration.ofMillis(number(m, "latencyMs", at).longValue()),
          confidence == null ? null : confidence.doubleValue(),
          err == null ? null : error(object(err, at + "error"), at + "error."),
          nullableString(m, "provider", at),
          nullableString(m, "model", at),
          dataMap(m, "metadata", at));
    }

    CouncilError error(Map<String, ?> m) {
      return error(m, "");
    }

    private CouncilError error(Map<String, ?> m, String at) {
      String retryAfter = nullableString(m, "retryAfter", at);
      return new CouncilError(
          enumValue(ErrorKind.class, m, "kind", at),
          string(m, "message", at),
          nullableString(m, "memberId", at),
          nullableString(m, "round", at),
          retryAfter == null ? null : CouncilConfig.parseDuration(retryAfter).orElseThrow(() ->
              bad(at + "retryAfter", "a duration such as \"30s\" or \"PT30S\"", retryAfter)),
          nullableString(m, "cause", at));
    }

    private AggregateResult aggregate(Map<String, ?> m, String at) {
      Map<String, Double> scores = new LinkedHashMap<>();
      Map<String, ?> raw = nullableObject(m, "scores", at);
      if (raw != null) {
        raw.forEach((k, v) -> {
          if (!(v instanceof Number n)) {
            throw bad(at + "scores." + k, "a number", v);
          }
          scores.put(k, n.doubleValue());
        });
      }
      List<String> tied = new ArrayList<>();
      List<?> rawTied = m.get("tied") == null ? List.of() : list(m, "tied", at);
      for (int i = 0; i < rawTied.size(); i++) {
        if (!(rawTied.get(i) instanceof String s)) {
          throw bad(at + "tied[" + i + "]", "a string", rawTied.get(i));
        }
        tied.add(s);
      }
      return new AggregateResult(string(m, "aggregator", at), nullableString(m, "winner", at), tied, scores,
          nullableString(m, "noWinnerReason", at), dataMap(m, "details", at));
    }

    private List<CouncilError> errorList(Map<String, ?> m, String key, String at) {
      if (m.get(key) == null) {
        return List.of();
      }
      List<?> raw = list(m, key, at);
      List<CouncilError> out = new ArrayList<>(raw.size());
      for (int i = 0; i < raw.size(); i++) {
        String path = at + key + "[" + i + "]";
        out.add(error(object(raw.get(i), path), path + "."));
      }
      return out;
    }

    private Usage usage(Map<String, ?> m, String key, String at) {
      Map<String, ?> u = nullableObject(m, key, at);
      if (u == null) {
        return Usage.ZERO;
      }
      String path = at + key + ".";
      Number cost = nullableNumber(u, "cost", path);
      return new Usage(number(u, "inputTokens", path).longValue(), number(u, "outputTokens", path).longValue(),
          cost == null ? null : cost.doubleValue());
    }

    @SuppressWarnings("unchecked")
    Map<String, ?> object(@Nullable Object v, String path) {
      if (v instanceof Map<?, ?> map) {
        return (Map<String, ?>) map;
      }
      throw bad(path, "an object", v);
    }

    private @Nullable Map<String, ?> nullableObject(Map<String, ?> m, String key, String at) {
      Object v = m.get(key);
      return v == null ? null : object(v, at + key);
    }

    private Map<String, Object> dataMap(Map<String, ?> m, String key, String at) {
      Map<String, ?> v = nullableObject(m, key, at);
      return v == null ? Map.of() : new LinkedHashMap<>(v);
    }

    private List<?> list(Map<String, ?> m, String key, String at) {
      Object v = m.get(key);
      if (v instanceof List<?> l) {
        return l;
      }
      throw bad(at + key, "an array", v);
    }

    private String string(Map<String, ?> m, String key, String at) {
      Object v = m.get(key);
      if (v instanceof String s) {
        return s;
      }
      throw bad(at + key, "a string", v);
    }

    private @Nullable String nullableString(Map<String, ?> m, String key, String at) {
      Object v = m.get(key);
      return v == null ? null : string(m, key, at);
    }

    private int integer(Map<String, ?> m, String key, String at) {
      return (int) number(m, key, at).longValue();
    }

    private List<String> strings(Map<String, ?> m, String key, String at) {
      List<?> raw = list(m, key, at);
      List<String> out = new ArrayList<>(raw.size());
      for (int i = 0; i < raw.size(); i++) {
        if (!(raw.get(i) instanceof String s)) {
          throw bad(at + key + "[" + i + "]", "a string", raw.get(i));
        }
        out.add(s);
      }
      return out;
    }

    private Duration isoDuration(String text, String path) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw bad(path, "an ISO-8601 duration such as \"PT1.5S\"", text);
      }
    }

    private Number number(Map<String, ?> m, String key, String at) {
      Object v = m.get(key);
      if (v instanceof Number n) {
        return n;
      }
      throw bad(at + key, "a number", v);
    }

    private @Nullable Number nullableNumber(Map<String, ?> m, String key, String at) {
      Object v = m.get(key);
      return v == null ? null : number(m, key, at);
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, Map<String, ?> m, String key, String at) {
      String name = string(m, key, at);
      try {
        return Enum.valueOf(type, name);
      } catch (IllegalArgumentException e) {
        throw bad(at + key, "one of " + List.of(type.getEnumConstants()), name);
      }
    }

    private Instant instant(Map<String, ?> m, String key, String at) {
      String text = string(m, key, at);
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw bad(at + key, "an ISO-8601 instant such as \"2025-01-31T12:00:00Z\"", text);
      }
    }

    private CouncilException bad(String path, String expected, @Nullable Object found) {
      String shown = Optional.ofNullable(found).map(f -> f instanceof String s ? "\"" + s + "\"" : f.toString())
          .orElse("nothing");
      return new CouncilException(ErrorKind.VALIDATION, "cannot read " + what + ": " + path + " should be "
          + expected + ", found " + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown));
    }
  }
}
