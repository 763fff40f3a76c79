package dev.council.engine.json;

import dev.council.api.AggregateResult;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.Usage;
import dev.council.api.ValidationError;
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
import dev.council.engine.internal.support.Json;
import dev.council.api.provider.StreamChunk;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolCallResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON for what runs produce (results, validation errors, events) and plain-tree JSON for structured
 * output.
 *
 * <p>Shapes are stable: every documented key is always present, {@code null} when it has no value.
 * Enum values are written by name ({@code COMPLETED}, {@code RATE_LIMITED}), instants as ISO-8601,
 * latencies as whole milliseconds ({@code latencyMs}), a retry-after as a duration string
 * ({@code "30s"}). The {@code toTree} methods return the same data as plain trees (maps, lists,
 * strings, numbers, booleans, null) for callers that embed it in their own JSON; the data maps they
 * share with the results are unmodifiable.
 *
 * <p>Stateless and thread-safe; no method blocks or performs I/O.
 */
public final class JsonOutput {
  private JsonOutput() {}

  /**
   * A run's result as pretty JSON: {@code runId, councilId, status, answer, rounds, errors, usage,
   * startedAt, finishedAt, metadata}.
   */
  public static String result(Result result) {
    return pretty(toTree(result));
  }

  /** Validation problems as a pretty JSON array of {@code {path, code, message}} objects. */
  public static String validationErrors(List<ValidationError> errors) {
    List<Object> out = new ArrayList<>();
    for (ValidationError e : errors) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", e.path());
      m.put("code", e.code());
      m.put("message", e.message());
      out.add(m);
    }
    return pretty(out);
  }

  /** One event as a single-line JSON object: {@code type, runId, seq, timestamp}, then its own fields. */
  public static String event(CouncilEvent event) {
    return write(toTree(event));
  }

  /**
   * Parses JSON text into a plain tree: {@code LinkedHashMap} objects, {@code ArrayList} arrays,
   * {@code String}, {@code Integer}/{@code Long}/{@code BigInteger} for whole numbers, {@code Double} for
   * others, {@code Boolean}, and {@code null}.
   *
   * @throws CouncilException of kind {@link ErrorKind#VALIDATION} naming the line and column of the first
   *     problem, when {@code json} is not exactly one JSON value
   */
  public static @Nullable Object parse(String json) {
    return Json.parse(json, m -> new CouncilException(ErrorKind.VALIDATION, "invalid JSON at " + m.position() + ": "
        + m.reason() + " (" + m.hint() + ")"));
  }

  /**
   * A plain tree (maps, lists, strings, numbers, booleans, null) as compact JSON.
   *
   * @throws CouncilException of kind {@link ErrorKind#VALIDATION} when {@code tree} holds a value that has
   *     no JSON form
   */
  public static String write(@Nullable Object tree) {
    return Json.write(tree);
  }

  /** {@link #result} as a tree. */
  public static Map<String, Object> toTree(Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", r.runId());
    m.put("councilId", r.councilId());
    m.put("status", r.status().name());
    m.put("answer", r.answer());
    m.put("rounds", map(r.rounds(), JsonOutput::toTree));
    m.put("errors", map(r.errors(), JsonOutput::toTree));
    m.put("usage", usage(r.usage()));
    m.put("startedAt", r.startedAt().toString());
    m.put("finishedAt", r.finishedAt().toString());
    m.put("metadata", r.metadata());
    return m;
  }

  /**
   * A round result as a tree: {@code name, type, index, iteration, members, aggregate, metadata}; the
   * aggregate is {@code aggregator, winner, tied, scores, noWinnerReason, details} or null.
   */
  public static Map<String, Object> toTree(RoundResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("type", r.type());
    m.put("index", r.index());
    m.put("iteration", r.iteration());
    m.put("members", map(r.members(), JsonOutput::toTree));
    m.put("aggregate", r.aggregate() == null ? null : aggregate(r.aggregate()));
    m.put("metadata", r.metadata());
    return m;
  }

  /**
   * A member result as a tree: {@code memberId, status, content, parsed, usage, attempts, latencyMs,
   * confidence, error, provider, model, metadata}.
   */
  public static Map<String, Object> toTree(MemberResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("memberId", r.memberId());
    m.put("status", r.status().name());
    m.put("content", r.content());
    m.put("parsed", r.parsed());
    m.put("usage", usage(r.usage()));
    m.put("attempts", r.attempts());
    m.put("latencyMs", r.latency().toMillis());
    m.put("confidence", r.confidence());
    m.put("error", r.error() == null ? null : toTree(r.error()));
    m.put("provider", r.provider());
    m.put("model", r.model());
    m.put("metadata", r.metadata());
    return m;
  }

  /**
   * An error as a tree: {@code kind, message, memberId, round}, plus {@code retryAfter} and {@code cause}
   * when they are set.
   */
  public static Map<String, Object> toTree(CouncilError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", e.kind().name());
    m.put("message", e.message());
    m.put("memberId", e.memberId());
    m.put("round", e.round());
    if (e.retryAfter() != null) {
      m.put("retryAfter", JsonSupport.duration(e.retryAfter()));
    }
    if (e.cause() != null) {
      m.put("cause", e.cause());
    }
    return m;
  }

  /** {@link #event} as a tree. */
  public static Map<String, Object> toTree(CouncilEvent event) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", event.type());
    m.put("runId", event.runId());
    m.put("seq", event.seq());
    m.put("timestamp", event.timestamp().toString());
    switch (event) {
      case RunStarted e -> {
        m.put("councilId", e.councilId());
        m.put("input", e.input());
        m.put("attempt", e.attempt());
        m.put("parentRunId", e.parentRunId());
      }
      case RoundStarted e -> {
        m.put("round", e.round());
        m.put("roundType", e.roundType());
        m.put("roundIndex", e.roundIndex());
        m.put("iteration", e.iteration());
        m.put("participants", e.participants());
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
        m.put("errors", map(e.errors(), JsonOutput::toTree));
        m.put("result", toTree(e.result()));
      }
    }
    return m;
  }

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
    m.put("tied", a.tied());
    m.put("scores", a.scores());
    m.put("noWinnerReason", a.noWinnerReason());
    m.put("details", a.details());
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
    m.put("arguments", c.arguments());
    return m;
  }

  private static Map<String, Object> toolResult(ToolCallResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.name());
    m.put("result", r.result());
    m.put("error", r.error());
    return m;
  }

  private static <T> List<Object> map(List<T> items, java.util.function.Function<T, Object> f) {
    List<Object> out = new ArrayList<>(items.size());
    for (T item : items) {
      out.add(f.apply(item));
    }
    return out;
  }

  static String pretty(@Nullable Object tree) {
    return Json.pretty(tree);
  }
}
