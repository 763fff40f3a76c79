package dev.council.server.internal;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.ValidationError;
import dev.council.api.json.JsonMapping;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.engine.json.Councils;
import dev.council.engine.json.JsonOutput;
import dev.council.server.PastRun;
import dev.council.server.PastRuns;
import dev.council.server.ProviderCheck;
import dev.council.server.ServerConfig;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's routes over an engine: runs, their event streams, councils, health and the OpenAPI
 * document. Thread-safe: routes run concurrently on virtual threads. {@link #routes()} lists every route
 * registered, as {@code METHOD /path}.
 */
public final class Api {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);
  private static final int MAX_PAGE = 100;
  private static final String RETRY_AFTER_SECONDS = "5";

  private final CouncilEngine engine;
  private final ServerConfig config;
  private final @Nullable PastRuns pastRuns;
  private final Catalog catalog;
  private final EventLogs logs;
  private final AtomicInteger running = new AtomicInteger();
  private final List<String> routes = new ArrayList<>();
  private final byte @Nullable [] token;

  /**
   * @param engine runs the councils; not closed by the API
   * @param config limits and security
   * @param councilsDir the folder of {@code NAME.json} council files, or null
   * @param councils councils served by name in addition to the folder's
   * @param pastRuns the recorder's history, or null
   * @param providerCheck whether each provider a council uses can be used here (its API key is set)
   * @param offlineFallback whether a council none of whose providers can be used runs on the simulated one
   */
  public Api(CouncilEngine engine, ServerConfig config, @Nullable Path councilsDir, Map<String, Council> councils,
      @Nullable PastRuns pastRuns, ProviderCheck providerCheck, boolean offlineFallback) {
    this.engine = engine;
    this.config = config;
    this.pastRuns = pastRuns;
    this.catalog = new Catalog(engine, councilsDir, councils, providerCheck, offlineFallback);
    this.logs = new EventLogs(engine, config.retainedRuns(), config.eventsPerRun());
    this.token = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
  }

  /** Every route, as {@code METHOD /path}, in registration order. */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  /** What the offline fallback substituted in the councils served now, one line each ({@code [offline] ...}). */
  public List<String> notices() {
    List<String> out = new ArrayList<>();
    for (Catalog.Entry e : catalog.all()) {
      out.addAll(e.notices());
    }
    return out;
  }

  /** Registers the routes, the token check and the problem handlers on {@code cfg}. */
  public void register(JavalinConfig cfg) {
    cfg.routes.before("/v1/*", this::authorize);
    route(cfg, "POST", "/v1/runs", this::startRun);
    route(cfg, "GET", "/v1/runs", this::listRuns);
    route(cfg, "GET", "/v1/runs/{id}", this::getRun);
    route(cfg, "POST", "/v1/runs/{id}/cancel", this::cancelRun);
    route(cfg, "DELETE", "/v1/runs/{id}", this::terminateRun);
    route(cfg, "GET", "/v1/runs/{id}/events", this::events);
    route(cfg, "GET", "/v1/councils", this::listCouncils);
    route(cfg, "GET", "/v1/councils/{name}", this::getCouncil);
    route(cfg, "POST", "/v1/councils/validate", this::validateCouncil);
    route(cfg, "GET", "/health/live", ctx -> json(ctx, 200, Map.of("status", "UP")));
    route(cfg, "GET", "/health/ready", this::ready);
    route(cfg, "GET", "/openapi.json", this::openApi);
    cfg.routes.exception(Problem.class, (p, ctx) -> problem(ctx, p));
    cfg.routes.exception(Exception.class, (e, ctx) -> problem(ctx, unexpected(e)));
    cfg.routes.error(404, ctx -> {
      if (!isProblem(ctx)) {
        problem(ctx, Problem.of(404, "not-found", "Not found", "nothing is served at " + ctx.method() + " "
            + ctx.path() + "; the API is described at /openapi.json"));
      }
    });
    cfg.routes.error(405, ctx -> {
      if (!isProblem(ctx)) {
        problem(ctx, Problem.of(405, "method-not-allowed", "Method not allowed", ctx.method() + " is not allowed"
            + " on " + ctx.path() + "; the API is described at /openapi.json"));
      }
    });
  }

  private void route(JavalinConfig cfg, String method, String path, Handler handler) {
    switch (method) {
      case "GET" -> cfg.routes.get(path, handler);
      case "POST" -> cfg.routes.post(path, handler);
      case "DELETE" -> cfg.routes.delete(path, handler);
      default -> throw new IllegalArgumentException(method);
    }
    routes.add(method + " " + path);
  }

  // ---- security and limits

  private void authorize(Context ctx) {
    byte[] expected = token;
    if (expected == null) {
      return;
    }
    String header = ctx.header("Authorization");
    byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
        : new byte[0];
    if (!MessageDigest.isEqual(expected, given)) {
      throw Problem.of(401, "unauthorized", "Unauthorized", "this server requires a bearer token: send"
          + " 'Authorization: Bearer <token>' with the token set in COUNCIL_SERVER_TOKEN on the server")
          .withHeader("WWW-Authenticate", "Bearer realm=\"council\"");
    }
  }

  /** The request body, refused with {@code 413} beyond the configured limit. */
  private String body(Context ctx) throws IOException {
    long max = config.maxBodyBytes();
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      throw tooLarge(declared);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (bytes.length > max) {
        throw tooLarge(-1);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private Problem tooLarge(long declared) {
    return Problem.of(413, "body-too-large", "Request body too large", "the request body"
        + (declared >= 0 ? " (" + declared + " bytes)" : "") + " exceeds the limit of " + config.maxBodyBytes()
        + " bytes; send a smaller body or raise council.server.max-body-bytes");
  }

  private Map<String, Object> jsonObject(Context ctx) throws IOException {
    String text = body(ctx);
    if (text.isBlank()) {
      throw Problem.invalid("the request body is empty; send a JSON object",
          List.of(new ValidationError("$", "required", "a JSON object is required")));
    }
    Object tree;
    try {
      tree = JsonOutput.parse(text);
    } catch (CouncilException e) {
      throw Problem.invalid("the request body is not JSON: " + e.getMessage(),
          List.of(new ValidationError("$", "invalid_json", e.getMessage())));
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw Problem.invalid("the request body must be a JSON object",
          List.of(new ValidationError("$", "type", "expected an object")));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) map;
    return m;
  }

  // ---- runs

  private void startRun(Context ctx) throws IOException {
    Map<String, Object> req = jsonObject(ctx);
    rejectUnknownFields(req);
    Council council = councilOf(req.get("council"));
    Map<String, Object> input = inputOf(req);
    List<ValidationError> problems = engine.validate(council);
    if (!problems.isEmpty()) {
      throw Problem.invalid("council '" + council.id() + "' is invalid (" + problems.size() + " problem"
          + (problems.size() == 1 ? "" : "s") + "); fix it, and check it with POST /v1/councils/validate",
          prefixed("$.council", problems));
    }
    if (running.incrementAndGet() > config.maxConcurrentRuns()) {
      running.decrementAndGet();
      throw Problem.of(429, "too-many-runs", "Too many runs", "this server already runs "
          + config.maxConcurrentRuns() + " runs (council.server.max-concurrent-runs); retry after a run ends")
          .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    String runId = UUID.randomUUID().toString();
    EventLog log = logs.open(runId);
    RunHandle handle;
    try {
      handle = engine.start(council, input, RunOptions.builder().runId(runId).listener(log::add).build());
    } catch (RuntimeException e) {
      running.decrementAndGet();
      logs.discard(runId);
      throw e;
    }
    handle.completion().whenComplete((r, failure) -> {
      running.decrementAndGet();
      if (failure != null) {
        log.terminate();
      }
      logs.finished(runId);
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runId", runId);
    body.put("councilId", council.id());
    body.put("status", RunStatus.RUNNING.name());
    body.put("links", links(runId));
    ctx.header("Location", "/v1/runs/" + runId);
    json(ctx, 202, body);
  }

  private Council councilOf(@Nullable Object spec) {
    if (spec instanceof String name) {
      return catalog.find(name).map(e -> {
        if (e.council() == null) {
          throw Problem.invalid("the council file '" + name + ".json' cannot be read; fix it (GET /v1/councils/"
              + name + " lists its problems)", prefixed("$.council", e.problems()));
        }
        Map<String, String> unusable = e.unusable();
        if (!unusable.isEmpty()) {
          List<ValidationError> errors = new ArrayList<>();
          unusable.forEach((id, why) -> errors.add(new ValidationError("$.council", "provider_unusable",
              "provider '" + id + "' cannot be used here: " + why)));
          throw Problem.invalid("council '" + name + "' uses providers that cannot be used here ("
              + String.join(", ", unusable.keySet()) + "); configure them (their API keys) on the server and"
              + " check GET /health/ready", errors);
        }
        return e.council();
      }).orElseThrow(() -> Problem.invalid("no council named '" + name + "' is served; GET /v1/councils lists"
          + " them", List.of(new ValidationError("$.council", "unknown_council", "no council named '" + name + "'"))));
    }
    if (spec instanceof Map<?, ?> tree) {
      if (!config.allowInlineCouncils()) {
        throw Problem.of(403, "inline-councils-disabled", "Inline councils are disabled", "this server runs"
            + " only the councils of its folder, by name; send {\"council\": \"NAME\"}, or start the server with"
            + " council.server.allow-inline-councils=true");
      }
      try {
        @SuppressWarnings("unchecked")
        Map<String, ?> t = (Map<String, ?>) tree;
        return Councils.fromTree(t);
      } catch (InvalidCouncilException e) {
        throw Problem.invalid("the inline council is not shaped like a council", prefixed("$.council", e.errors()));
      }
    }
    throw Problem.invalid("say which council to run: {\"council\": \"NAME\"} (a council of GET /v1/councils)"
        + (config.allowInlineCouncils() ? " or {\"council\": {...}} (a council as JSON)" : ""),
        List.of(new ValidationError("$.council", spec == null ? "required" : "type",
            spec == null ? "the council is required" : "expected a council name")));
  }

  /** The fields of a start request (the OpenAPI document's {@code StartRun}). */
  private static final List<String> START_FIELDS = List.of("council", "input", "question");

  /** A misspelt or unsupported field is refused rather than ignored: the run would not be what was asked. */
  private static void rejectUnknownFields(Map<String, Object> req) {
    List<ValidationError> unknown = new ArrayList<>();
    for (String key : req.keySet()) {
      if (!START_FIELDS.contains(key)) {
        unknown.add(new ValidationError("$." + key, "unknown_field",
            "not a field of a start request; the fields are " + String.join(", ", START_FIELDS)));
      }
    }
    if (!unknown.isEmpty()) {
      throw Problem.invalid("the request has field" + (unknown.size() == 1 ? "" : "s") + " a start request does not"
          + " know: " + unknown.stream().map(ValidationError::path).toList(), unknown);
    }
  }

  private static Map<String, Object> inputOf(Map<String, Object> req) {
    Object input = req.get("input");
    Object question = req.get("question");
    if (input == null && question == null) {
      throw Problem.invalid("say what to ask: {\"input\": {\"question\": \"...\"}} or {\"question\": \"...\"}",
          List.of(new ValidationError("$.input", "required", "the run input is required")));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (input != null) {
      if (!(input instanceof Map<?, ?> m)) {
        throw Problem.invalid("the input must be a JSON object",
            List.of(new ValidationError("$.input", "type", "expected an object")));
      }
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    if (question != null) {
      if (!(question instanceof String q) || q.isBlank()) {
        throw Problem.invalid("the question must be non-empty text",
            List.of(new ValidationError("$.question", "type", "expected non-empty text")));
      }
      out.put("question", q);
    }
    return out;
  }

  private static List<ValidationError> prefixed(String prefix, List<ValidationError> errors) {
    List<ValidationError> out = new ArrayList<>();
    for (ValidationError e : errors) {
      String p = e.path();
      out.add(new ValidationError(p.startsWith("$") ? prefix + p.substring(1) : prefix + "." + p, e.code(),
          e.message()));
    }
    return out;
  }

  private void listRuns(Context ctx) {
    int limit = intParam(ctx, "limit", 20, 1, MAX_PAGE);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    List<Object> active = new ArrayList<>();
    for (RunSummary s : engine.activeRuns()) {
      active.add(summary(s));
    }
    List<Object> recent = new ArrayList<>();
    if (pastRuns != null) {
      for (PastRun r : pastRuns.list(limit, offset)) {
        recent.add(pastRun(r));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("active", active);
    body.put("recent", recent);
    body.put("limit", limit);
    body.put("offset", offset);
    body.put("next", recent.size() == limit ? "/v1/runs?limit=" + limit + "&offset=" + (offset + limit) : null);
    json(ctx, 200, body);
  }

  private void getRun(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<RunHandle> handle = engine.find(id);
    if (handle.isPresent()) {
      try {
        RunSummary s = handle.get().state();
        CompletableFuture<Result> done = handle.get().completion();
        Result result = done.isDone() && !done.isCompletedExceptionally() ? done.join() : null;
        json(ctx, 200, run(summary(s), result, id));
        return;
      } catch (UnknownRunException e) {
        // reaped between find and state: look in the history
      }
    }
    if (pastRuns != null) {
      Optional<PastRun> past = pastRuns.find(id);
      if (past.isPresent()) {
        json(ctx, 200, run(pastRun(past.get()), past.get().result(), id));
        return;
      }
    }
    throw Problem.unknownRun(id);
  }

  private Map<String, Object> run(Map<String, Object> summary, @Nullable Result result, String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", summary);
    m.put("result", result == null ? null : JsonMapping.toTree(result));
    m.put("links", links(id));
    return m;
  }

  private void cancelRun(Context ctx) {
    String id = ctx.pathParam("id");
    RunHandle handle = engine.find(id).orElseThrow(() -> Problem.unknownRun(id));
    boolean cancelled;
    try {
      cancelled = handle.cancel();
    } catch (UnknownRunException e) {
      throw Problem.unknownRun(id);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runId", id);
    body.put("cancelled", cancelled);
    body.put("detail", cancelled ? "the run is being cancelled; it ends CANCELLED with its partial result"
        : "the run had already ended; nothing was cancelled");
    body.put("links", links(id));
    json(ctx, cancelled ? 202 : 200, body);
  }

  private void terminateRun(Context ctx) {
    String id = ctx.pathParam("id");
    RunHandle handle = engine.find(id).orElseThrow(() -> Problem.unknownRun(id));
    handle.terminate();
    logs.find(id).ifPresent(EventLog::terminate);
    ctx.status(204);
  }

  private void events(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    long after = -1;
    String last = ctx.header("Last-Event-ID");
    if (last == null) {
      last = ctx.queryParam("lastEventId");
    }
    if (last != null && !last.isBlank()) {
      try {
        after = Long.parseLong(last.trim());
      } catch (NumberFormatException e) {
        throw Problem.invalid("Last-Event-ID must be the seq of an event received, a whole number",
            List.of(new ValidationError("header:Last-Event-ID", "type", "expected a whole number, got '" + last + "'")));
      }
    }
    new EventStream(engine, logs, pastRuns, config.heartbeat(), config.streamBuffer()).serve(ctx, id, after);
  }

  private static Map<String, Object> links(String id) {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("self", "/v1/runs/" + id);
    l.put("events", "/v1/runs/" + id + "/events");
    l.put("cancel", "/v1/runs/" + id + "/cancel");
    return l;
  }

  static Map<String, Object> summary(RunSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", s.runId());
    m.put("councilId", s.councilId());
    m.put("status", s.status().name());
    m.put("currentRound", s.currentRound());
    m.put("roundsCompleted", s.roundsCompleted());
    m.put("startedAt", s.startedAt().toString());
    m.put("finishedAt", s.finishedAt() == null ? null : s.finishedAt().toString());
    m.put("owner", s.owner());
    return m;
  }

  static Map<String, Object> pastRun(PastRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", r.runId());
    m.put("councilId", r.councilId());
    m.put("status", r.status());
    m.put("currentRound", null);
    m.put("roundsCompleted", r.result() == null ? null : r.result().rounds().size());
    m.put("startedAt", r.startedAt().toString());
    m.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
    m.put("owner", null);
    return m;
  }

  // ---- councils

  private void listCouncils(Context ctx) {
    List<Object> out = new ArrayList<>();
    for (Catalog.Entry e : catalog.all()) {
      out.add(Catalog.summary(e));
    }
    json(ctx, 200, Map.of("councils", out));
  }

  private void getCouncil(Context ctx) {
    String name = ctx.pathParam("name");
    Catalog.Entry e = catalog.find(name).orElseThrow(() -> Problem.of(404, "unknown-council", "Unknown council",
        "no council named '" + name + "' is served; GET /v1/councils lists them"));
    json(ctx, 200, Catalog.detail(e));
  }

  private void validateCouncil(Context ctx) throws IOException {
    Map<String, Object> tree = jsonObject(ctx);
    Council council;
    try {
      council = Councils.fromTree(tree);
    } catch (InvalidCouncilException e) {
      throw Problem.invalid("the council is not shaped like a council (" + e.errors().size() + " problem"
          + (e.errors().size() == 1 ? "" : "s") + ")", e.errors());
    }
    List<ValidationError> problems = engine.validate(council);
    if (!problems.isEmpty()) {
      throw Problem.invalid("council '" + council.id() + "' is invalid (" + problems.size() + " problem"
          + (problems.size() == 1 ? "" : "s") + ")", problems);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("valid", true);
    body.put("id", council.id());
    body.put("errors", List.of());
    json(ctx, 200, body);
  }

  // ---- health and documents

  private void ready(Context ctx) {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean up = true;
    List<Catalog.Entry> councils = catalog.all();
    long usable = councils.stream().filter(e -> e.council() != null && e.problems().isEmpty()).count();
    checks.put("councils", Map.of("status", usable > 0 ? "UP" : "DOWN", "usable", usable, "served", councils.size(),
        "detail", usable > 0 ? "served councils validate (their providers and models are known)"
            : "no served council validates: add council files, or configure the providers they name"));
    up &= usable > 0;
    Map<String, Object> perCouncil = new LinkedHashMap<>();
    long ready = 0;
    for (Catalog.Entry e : councils) {
      if (e.council() == null) {
        continue;
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("status", e.ready() ? "UP" : "DOWN");
      c.put("offline", e.offline());
      c.put("providers", Catalog.providers(e));
      perCouncil.put(e.name(), c);
      ready += e.ready() ? 1 : 0;
    }
    Map<String, Object> providers = new LinkedHashMap<>();
    providers.put("status", ready > 0 ? "UP" : "DOWN");
    providers.put("ready", ready);
    providers.put("detail", ready > 0 ? "served councils have their providers configured (API keys set), or run"
        + " offline on the simulated provider"
        : "no served council can run: configure the providers they name (their API keys)");
    providers.put("councils", perCouncil);
    checks.put("providers", providers);
    up &= ready > 0;
    try {
      engine.activeRuns();
      checks.put("registry", Map.of("status", "UP", "detail", "the run registry (cluster) answers"));
    } catch (RuntimeException e) {
      up = false;
      checks.put("registry", Map.of("status", "DOWN", "detail", safeMessage(e)));
    }
    // the engine's recorder says whether it can store runs (without blocking); the history, whether it can be read
    List<String> recorderProblems = new ArrayList<>();
    engine.recorder().problem().ifPresent(recorderProblems::add);
    if (pastRuns != null) {
      try {
        pastRuns.check();
      } catch (RuntimeException e) {
        recorderProblems.add("the run history cannot be read: " + safeMessage(e));
      }
    }
    if (!recorderProblems.isEmpty()) {
      up = false;
      checks.put("recorder", Map.of("status", "DOWN", "detail", String.join("; ", recorderProblems)));
    } else if (pastRuns != null) {
      checks.put("recorder", Map.of("status", "UP", "detail", "the recorder stores runs and its history answers"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("checks", checks);
    json(ctx, up ? 200 : 503, body);
  }

  private void openApi(Context ctx) throws IOException {
    try (InputStream in = Api.class.getResourceAsStream("/dev/council/server/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      ctx.status(200).contentType("application/json").result(in.readAllBytes());
    }
  }

  // ---- output

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(JsonOutput.write(body));
  }

  private static boolean isProblem(Context ctx) {
    String ct = ctx.res().getContentType();
    return ct != null && ct.startsWith(Problem.MEDIA_TYPE);
  }

  private static void problem(Context ctx, Problem p) {
    p.headers().forEach(ctx::header);
    ctx.status(p.status()).contentType(Problem.MEDIA_TYPE).result(JsonOutput.write(p.toTree(ctx.path())));
  }

  private static Problem unexpected(Exception e) {
    if (e instanceof CouncilException ce) {
      if (ce.kind() == ErrorKind.VALIDATION) {
        List<ValidationError> errors = ce instanceof InvalidCouncilException ice ? ice.errors() : List.of();
        return Problem.invalid(safeMessage(ce), errors);
      }
      if (ce.kind() == ErrorKind.TRANSIENT) {
        return Problem.of(503, "unavailable", "Service unavailable", safeMessage(ce))
            .withHeader("Retry-After", RETRY_AFTER_SECONDS);
      }
    }
    if (e instanceof io.javalin.http.HttpResponseException hre) {
      int status = hre.getStatus();
      if (status == 413) {
        return Problem.of(413, "body-too-large", "Request body too large", "the request body exceeds the limit;"
            + " send a smaller body or raise council.server.max-body-bytes");
      }
      return Problem.of(status, "http-" + status, "HTTP " + status, safeMessage(hre));
    }
    LOG.warn("request failed unexpectedly", e);
    return Problem.of(500, "internal", "Internal server error", "the server failed to handle the request ("
        + e.getClass().getSimpleName() + "); this is a bug in council, please report it with the request");
  }

  private static String safeMessage(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw Problem.invalid("query parameter '" + name + "' must be a whole number from " + min + " to " + max,
          List.of(new ValidationError("query:" + name, "range", "expected " + min + " to " + max + ", got '" + v
              + "'")));
    }
  }
}
