package dev.council.server.internal;

import dev.council.api.ValidationError;
import dev.council.api.json.JsonMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem the API answers with ({@code application/problem+json}): thrown by a route, written
 * by the server's exception handler. Its detail says what was wrong and how to fix it; it never carries a
 * stack trace or a secret. Immutable.
 */
public final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The media type of problem details. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private final int status;
  private final String slug;
  private final String title;
  private final transient List<ValidationError> errors;
  private final transient Map<String, String> headers;

  private Problem(int status, String slug, String title, String detail, List<ValidationError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = Objects.requireNonNull(slug, "slug");
    this.title = Objects.requireNonNull(title, "title");
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  /** A problem without validation errors. */
  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(status, slug, title, detail, List.of(), Map.of());
  }

  /** A {@code 422} with the validation errors (path, code, message). */
  public static Problem invalid(String detail, List<ValidationError> errors) {
    return new Problem(422, "validation", "Invalid request", detail, errors, Map.of());
  }

  /** A {@code 404} for a run no node and no recorder knows. */
  public static Problem unknownRun(String runId) {
    return of(404, "unknown-run", "Unknown run", "no run '" + runId + "' is known: it never existed, was"
        + " terminated, or was reaped (and no recorder keeps its history); list runs with GET /v1/runs");
  }

  /** A copy that also sends {@code name: value}. */
  public Problem withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Problem(status, slug, title, getMessage(), errors, h);
  }

  public int status() {
    return status;
  }

  /** Headers to send with the problem ({@code Retry-After}, {@code WWW-Authenticate}). */
  public Map<String, String> headers() {
    return headers;
  }

  /** The problem document for a request to {@code instance}. */
  public Map<String, Object> toTree(@Nullable String instance) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "urn:council:problem:" + slug);
    m.put("title", title);
    m.put("status", status);
    m.put("detail", getMessage());
    if (instance != null) {
      m.put("instance", instance);
    }
    if (!errors.isEmpty()) {
      List<Object> list = new ArrayList<>();
      for (ValidationError e : errors) {
        list.add(JsonMapping.toTree(e));
      }
      m.put("errors", list);
    }
    return m;
  }
}
