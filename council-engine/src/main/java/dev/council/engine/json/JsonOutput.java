package dev.council.engine.json;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.Result;
import dev.council.api.ValidationError;
import dev.council.api.event.CouncilEvent;
import dev.council.api.json.JsonMapping;
import dev.council.engine.internal.support.Json;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * JSON text for what runs produce (results, validation errors, events) and for plain trees. The shapes
 * are those of {@link JsonMapping}, the one mapping shared with the recorder and the HTTP API; callers
 * that embed results or events in their own JSON take the trees from it directly.
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
    return pretty(JsonMapping.toTree(result));
  }

  /** Validation problems as a pretty JSON array of {@code {path, code, message}} objects. */
  public static String validationErrors(List<ValidationError> errors) {
    List<Object> out = new ArrayList<>(errors.size());
    for (ValidationError e : errors) {
      out.add(JsonMapping.toTree(e));
    }
    return pretty(out);
  }

  /** One event as a single-line JSON object: {@code type, runId, seq, timestamp}, then its own fields. */
  public static String event(CouncilEvent event) {
    return write(JsonMapping.toTree(event));
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

  static String pretty(@Nullable Object tree) {
    return Json.pretty(tree);
  }
}
