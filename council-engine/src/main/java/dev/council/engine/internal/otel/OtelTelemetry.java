package dev.council.engine.internal.otel;

import static dev.council.engine.internal.otel.GenAi.*;

import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolCallResult;
import dev.council.engine.internal.support.Json;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The instrumentation on a real OpenTelemetry instance: spans through its tracer, metrics through its
 * meter, outgoing trace headers through its propagator. The run's own recorded trace context is always
 * W3C (it is read back by this class, whatever propagator the next engine has). Thread-safe.
 */
final class OtelTelemetry implements Telemetry {
  static final String SCOPE = "dev.council.engine";
  private static final String TRUNCATED = "…[truncated]";

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final OtelSettings settings;
  private final LongHistogram tokenUsage;
  private final DoubleHistogram operationDuration;
  private final LongCounter runsStarted;
  private final LongCounter runsFinished;
  private final LongUpDownCounter runsActive;
  private final LongCounter memberCalls;
  private final DoubleHistogram memberDuration;
  private final LongCounter retries;
  private final DoubleHistogram roundDuration;
  private final DoubleCounter cost;
  /** Metric attribute sets by what they are made of: built once, not per call (bounded, see {@link #cached}). */
  private final java.util.concurrent.ConcurrentHashMap<Object, Object> attributeCache =
      new java.util.concurrent.ConcurrentHashMap<>();

  OtelTelemetry(OpenTelemetry otel, OtelSettings settings) {
    this.settings = settings;
    this.tracer = otel.tracerBuilder(SCOPE).setSchemaUrl(SCHEMA_URL).build();
    this.propagator = otel.getPropagators().getTextMapPropagator();
    Meter meter = otel.meterBuilder(SCOPE).setSchemaUrl(SCHEMA_URL).build();
    this.tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
        .setDescription("Number of input and output tokens used per model call")
        .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
    this.operationDuration = meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s")
        .setDescription("GenAI operation duration").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.runsStarted = meter.counterBuilder("council.runs.started").setUnit("{run}")
        .setDescription("Runs started (resumed runs included)").build();
    this.runsFinished = meter.counterBuilder("council.runs.finished").setUnit("{run}")
        .setDescription("Runs ended, by council.run.status (completed, failed, cancelled, stopped)").build();
    this.runsActive = meter.upDownCounterBuilder("council.runs.active").setUnit("{run}")
        .setDescription("Runs in flight on this engine").build();
    this.memberCalls = meter.counterBuilder("council.member.calls").setUnit("{call}")
        .setDescription("Member calls ended, by council.member.status").build();
    this.memberDuration = meter.histogramBuilder("council.member.duration").setUnit("s")
        .setDescription("Duration of member calls, every attempt and retry wait included")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.retries = meter.counterBuilder("council.member.retries").setUnit("{retry}")
        .setDescription("Member attempts retried, by error.type").build();
    this.roundDuration = meter.histogramBuilder("council.round.duration").setUnit("s")
        .setDescription("Duration of rounds").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.cost = meter.counterBuilder("council.usage.cost").ofDoubles().setUnit("{USD}")
        .setDescription("Cost of model calls, where the provider reports one").build();
  }

  @Override
  public RunSpan startRun(String runId, Council council, int attempt, @Nullable String parentRunId, String nodeId,
      Map<String, String> resumedFrom) {
    Context parent = Context.current();
    SpanBuilder b = tracer.spanBuilder(INVOKE_WORKFLOW + " " + council.id()).setSpanKind(SpanKind.INTERNAL)
        .setAttribute(OPERATION_NAME, INVOKE_WORKFLOW)
        .setAttribute(settings.latestExperimental() ? AGENT_NAME : WORKFLOW_NAME, council.id())
        .setAttribute(COUNCIL_ID, council.id())
        .setAttribute(RUN_ID, runId)
        .setAttribute(RUN_ATTEMPT, (long) attempt)
        .setAttribute(NODE_ID, nodeId);
    if (parentRunId != null) {
      b.setAttribute(PARENT_RUN_ID, parentRunId);
    }
    if (!resumedFrom.isEmpty()) {
      Context original = W3CTraceContextPropagator.getInstance().extract(Context.root(), resumedFrom, MapGetter.INSTANCE);
      SpanContext originalSpan = Span.fromContext(original).getSpanContext();
      if (originalSpan.isValid()) {
        SpanContext caller = Span.fromContext(parent).getSpanContext();
        if (caller.isValid()) {
          b.addLink(caller, Attributes.of(LINK_TYPE, "resumed_by"));
        }
        b.addLink(originalSpan, Attributes.of(LINK_TYPE, "resumed_from"));
        parent = original;
      }
      b.setAttribute(RESUMED, true);
    }
    Span span = b.setParent(parent).startSpan();
    Attributes metricAttrs = Attributes.of(COUNCIL_ID, council.id());
    runsStarted.add(1, metricAttrs);
    runsActive.add(1, metricAttrs);
    return new OtelRun(span, parent.with(span), council.id(), metricAttrs);
  }

  /** Span names by operation and subject ({@code chat gpt-4o}), built once each (bounded like attributes). */
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.ConcurrentHashMap<String, String>>
      names = new java.util.concurrent.ConcurrentHashMap<>();

  private String spanName(String operation, String subject) {
    java.util.concurrent.ConcurrentHashMap<String, String> byOperation =
        names.computeIfAbsent(operation, o -> new java.util.concurrent.ConcurrentHashMap<>());
    String name = byOperation.get(subject);
    if (name == null) {
      name = operation + " " + subject;
      if (byOperation.size() < MAX_CACHED) {
        byOperation.putIfAbsent(subject, name);
      }
    }
    return name;
  }

  /** The attributes of a successful model call's metrics. */
  private record ChatKey(String councilId, String provider, String requestModel, @Nullable String responseModel) {}

  /** Duration, input-token, output-token and cost attributes of one {@link ChatKey}. */
  private record ChatAttributes(Attributes duration, Attributes input, Attributes output, Attributes cost) {}

  /** The attributes of an ended member call's metrics. */
  private record MemberKey(String councilId, String status, @Nullable String provider, @Nullable String model,
      @Nullable String errorType) {}

  /** The most attribute sets kept; past it (a pathological number of models or councils) they are built per call. */
  private static final int MAX_CACHED = 4096;

  private static final String TRACEPARENT = "traceparent";

  /** The attributes of a round's duration metric. */
  private record RoundKey(String councilId, String type) {}

  /** Finish-reason lists by reason (a handful of values), so that a span does not allocate one per call. */
  private final java.util.concurrent.ConcurrentHashMap<String, List<String>> finishReasons =
      new java.util.concurrent.ConcurrentHashMap<>();

  private List<String> finishReasons(String reason) {
    List<String> list = finishReasons.get(reason);
    if (list == null) {
      list = List.of(reason);
      if (finishReasons.size() < MAX_CACHED) {
        finishReasons.putIfAbsent(reason, list);
      }
    }
    return list;
  }

  /**
   * What the spans and metrics of one member of one council share from call to call: its span name, the
   * attributes of its successful calls' metrics, and those of its last model's chat metrics. Looked up by
   * council id and member id without allocating; replaced when the member's provider or model changes.
   */
  private final class MemberShapes {
    final String councilId;
    final @Nullable String provider;
    final @Nullable String model;
    final String spanName;
    final Attributes ok;
    private volatile @Nullable ChatShape lastChat;

    MemberShapes(String councilId, String memberId, @Nullable String provider, @Nullable String model) {
      this.councilId = councilId;
      this.provider = provider;
      this.model = model;
      this.spanName = INVOKE_AGENT + " " + memberId;
      this.ok = memberAttributes(new MemberKey(councilId, MEMBER_STATUSES[MemberStatus.OK.ordinal()], provider,
          model, null));
    }

    String spanName() {
      return spanName;
    }

    Attributes ok() {
      return ok;
    }

    boolean matches(@Nullable String provider, @Nullable String model) {
      return java.util.Objects.equals(this.provider, provider) && java.util.Objects.equals(this.model, model);
    }

    /** The chat metric attributes for this member's calls: the last ones when nothing changed. */
    ChatAttributes chat(String councilId, String provider, String requestModel, @Nullable String responseModel) {
      ChatShape last = lastChat;
      if (last != null && last.provider.equals(provider) && last.requestModel.equals(requestModel)
          && java.util.Objects.equals(last.responseModel, responseModel)) {
        return last.attributes;
      }
      ChatAttributes attrs = cached(new ChatKey(councilId, provider, requestModel, responseModel),
          OtelTelemetry::chatAttributes);
      lastChat = new ChatShape(provider, requestModel, responseModel, attrs);
      return attrs;
    }
  }

  /** One member's last chat metric attributes and what they were built for. */
  private record ChatShape(String provider, String requestModel, @Nullable String responseModel,
      ChatAttributes attributes) {}

  /** Member shapes by council id, then member id (bounded like the attribute sets). */
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.ConcurrentHashMap<String, MemberShapes>>
      memberShapes = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger memberShapeCount = new java.util.concurrent.atomic.AtomicInteger();

  private MemberShapes memberShapes(String councilId, String memberId, @Nullable String provider,
      @Nullable String model) {
    java.util.concurrent.ConcurrentHashMap<String, MemberShapes> byMember = memberShapes.get(councilId);
    MemberShapes shapes = byMember == null ? null : byMember.get(memberId);
    if (shapes != null && shapes.matches(provider, model)) {
      return shapes;
    }
    shapes = new MemberShapes(councilId, memberId, provider, model);
    if (memberShapeCount.get() < MAX_CACHED) {
      if (byMember == null) {
        byMember = memberShapes.computeIfAbsent(councilId, c -> new java.util.concurrent.ConcurrentHashMap<>());
      }
      if (byMember.put(memberId, shapes) == null) {
        memberShapeCount.incrementAndGet();
      }
    }
    return shapes;
  }

  @SuppressWarnings("unchecked")
  private <K, V> V cached(K key, java.util.function.Function<K, V> build) {
    Object v = attributeCache.get(key);
    if (v != null) {
      return (V) v;
    }
    V built = build.apply(key);
    if (attributeCache.size() < MAX_CACHED) {
      attributeCache.putIfAbsent(key, built);
    }
    return built;
  }

  private static ChatAttributes chatAttributes(ChatKey k) {
    AttributesBuilder a = Attributes.builder().put(OPERATION_NAME, CHAT).put(PROVIDER_NAME, k.provider());
    if (!k.requestModel().isEmpty()) {
      a.put(REQUEST_MODEL, k.requestModel());
    }
    if (k.responseModel() != null) {
      a.put(RESPONSE_MODEL, k.responseModel());
    }
    Attributes base = a.build();
    return new ChatAttributes(base, base.toBuilder().put(TOKEN_TYPE, "input").build(),
        base.toBuilder().put(TOKEN_TYPE, "output").build(), base.toBuilder().put(COUNCIL_ID, k.councilId()).build());
  }

  private static Attributes memberAttributes(MemberKey k) {
    AttributesBuilder a = Attributes.builder().put(COUNCIL_ID, k.councilId()).put(MEMBER_STATUS, k.status());
    if (k.provider() != null) {
      a.put(PROVIDER_NAME, k.provider());
    }
    if (k.model() != null && !k.model().isEmpty()) {
      a.put(REQUEST_MODEL, k.model());
    }
    if (k.errorType() != null) {
      a.put(ERROR_TYPE, k.errorType());
    }
    return a.build();
  }

  /** Lower-case enum names, built once: {@code toLowerCase} would allocate a new string per call. */
  private static final String[] ERROR_TYPES = lowerCaseNames(dev.council.api.ErrorKind.values());
  private static final String[] MEMBER_STATUSES = lowerCaseNames(MemberStatus.values());
  private static final String[] RUN_STATUSES = lowerCaseNames(RunStatus.values());

  private static String[] lowerCaseNames(Enum<?>[] values) {
    String[] names = new String[values.length];
    for (Enum<?> v : values) {
      names[v.ordinal()] = v.name().toLowerCase(Locale.ROOT);
    }
    return names;
  }

  private static String errorType(CouncilError error) {
    return ERROR_TYPES[error.kind().ordinal()];
  }

  private static void fail(Span span, String errorType, @Nullable String description) {
    span.setAttribute(ERROR_TYPE, errorType);
    span.setStatus(StatusCode.ERROR, description == null ? errorType : description);
  }

  private static void usage(Span span, Usage usage) {
    span.setAttribute(USAGE_INPUT_TOKENS, usage.inputTokens());
    span.setAttribute(USAGE_OUTPUT_TOKENS, usage.outputTokens());
    if (usage.cost() != null) {
      span.setAttribute(COST, usage.cost());
    }
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private String cut(@Nullable String text) {
    if (text == null) {
      return "";
    }
    int max = settings.contentMaxLength();
    return text.length() <= max ? text : text.substring(0, max - TRUNCATED.length()) + TRUNCATED;
  }

  // ---------------------------------------------------------------- handles

  private final class OtelRun implements RunSpan {
    private final Span span;
    private final Context context;
    private final String councilId;
    private final Attributes metricAttrs;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile @Nullable Map<String, String> traceContext;

    OtelRun(Span span, Context context, String councilId, Attributes metricAttrs) {
      this.span = span;
      this.context = context;
      this.councilId = councilId;
      this.metricAttrs = metricAttrs;
    }

    @Override
    public Map<String, String> traceContext() {
      Map<String, String> tc = traceContext;
      if (tc == null) {
        Map<String, String> headers = new HashMap<>(4);
        W3CTraceContextPropagator.getInstance().inject(context, headers, Map::put);
        tc = Map.copyOf(headers);
        traceContext = tc;
      }
      return tc;
    }

    @Override
    public RoundSpan startRound(@Nullable RoundSpan outer, Round round, int index, int iteration) {
      Context parent = outer instanceof OtelRound r ? r.context : context;
      Span s = tracer.spanBuilder(spanName("round", round.name())).setParent(parent).setSpanKind(SpanKind.INTERNAL)
          .setAttribute(COUNCIL_ID, councilId)
          .setAttribute(ROUND_NAME, round.name())
          .setAttribute(ROUND_TYPE, round.type())
          .setAttribute(ROUND_INDEX, (long) index)
          .setAttribute(ROUND_ITERATION, (long) iteration)
          .startSpan();
      return new OtelRound(this, s, parent.with(s), round.type());
    }

    @Override
    public void end(Result result) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      String status = RUN_STATUSES[result.status().ordinal()];
      span.setAttribute(RUN_STATUS, status);
      usage(span, result.usage());
      if (result.status() == RunStatus.CANCELLED) {
        fail(span, "cancelled", result.errors().isEmpty() ? null : result.errors().get(0).message());
      } else if (result.status() != RunStatus.COMPLETED) {
        CouncilError first = result.errors().isEmpty() ? null : result.errors().get(0);
        fail(span, first == null ? "failed" : errorType(first), first == null ? null : first.message());
      }
      span.end();
      runsActive.add(-1, metricAttrs);
      runsFinished.add(1, metricAttrs.toBuilder().put(RUN_STATUS, status).build());
    }

    @Override
    public void stopped(String reason) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      span.setAttribute(RUN_STATUS, "stopped");
      fail(span, reason, "the run was stopped (" + reason + ") before it finished");
      span.end();
      runsActive.add(-1, metricAttrs);
      runsFinished.add(1, metricAttrs.toBuilder().put(RUN_STATUS, "stopped").build());
    }
  }

  private final class OtelRound implements RoundSpan {
    private final OtelRun run;
    private final Span span;
    private final Context context;
    private final String type;
    private final long startNanos = System.nanoTime();

    OtelRound(OtelRun run, Span span, Context context, String type) {
      this.run = run;
      this.span = span;
      this.context = context;
      this.type = type;
    }

    @Override
    public MemberSpan startMember(Member member, @Nullable String providerId, @Nullable String model,
        @Nullable String label) {
      String provider = providerId == null ? null : providerName(providerId);
      MemberShapes shapes = memberShapes(run.councilId, member.id(), provider, model);
      SpanBuilder b = tracer.spanBuilder(shapes.spanName()).setParent(context)
          .setSpanKind(SpanKind.INTERNAL)
          .setAttribute(OPERATION_NAME, INVOKE_AGENT)
          .setAttribute(AGENT_NAME, member.id())
          .setAttribute(MEMBER_ID, member.id());
      if (provider != null) {
        b.setAttribute(PROVIDER_NAME, provider);
      }
      if (model != null && !model.isEmpty()) {
        b.setAttribute(REQUEST_MODEL, model);
      }
      if (label != null) {
        b.setAttribute(MEMBER_LABEL, label);
      }
      if (member.isSubCouncil()) {
        b.setAttribute(SUB_COUNCIL, member.subCouncil() != null ? member.subCouncil().id()
            : String.valueOf(member.subCouncilRef()));
      }
      Span s = b.startSpan();
      return new OtelMember(run, s, context.with(s), provider, model, shapes);
    }

    @Override
    public void end(@Nullable RoundResult result, List<CouncilError> failure) {
      if (result == null) {
        fail(span, "aborted", "the run stopped during this round");
      } else if (!failure.isEmpty()) {
        fail(span, errorType(failure.get(0)), failure.get(0).message());
      }
      span.end();
      roundDuration.record(secondsSince(startNanos), cached(new RoundKey(run.councilId, type),
          k -> Attributes.of(COUNCIL_ID, k.councilId(), ROUND_TYPE, k.type())));
    }
  }

  private final class OtelMember implements MemberSpan {
    private final OtelRun run;
    private final Span span;
    private final Context context;
    private final @Nullable String provider;
    private final @Nullable String model;
    private final MemberShapes shapes;
    private final long startNanos = System.nanoTime();
    /** The provider call in flight: touched by the member's thread only. */
    private @Nullable OtelChat open;

    OtelMember(OtelRun run, Span span, Context context, @Nullable String provider, @Nullable String model,
        MemberShapes shapes) {
      this.shapes = shapes;
      this.run = run;
      this.span = span;
      this.context = context;
      this.provider = provider;
      this.model = model;
    }

    @Override
    public ChatSpan startChat(String providerId, ChatRequest request) {
      String providerName = provider != null ? provider : providerName(providerId);
      String requested = request.model();
      SpanBuilder b = tracer.spanBuilder(requested.isEmpty() ? CHAT : spanName(CHAT, requested)).setParent(context)
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute(OPERATION_NAME, CHAT)
          .setAttribute(PROVIDER_NAME, providerName)
          .setAttribute(ATTEMPT, (long) request.context().attempt());
      if (!requested.isEmpty()) {
        b.setAttribute(REQUEST_MODEL, requested);
      }
      if (request.temperature() != null) {
        b.setAttribute(REQUEST_TEMPERATURE, request.temperature());
      }
      if (request.maxTokens() != null) {
        b.setAttribute(REQUEST_MAX_TOKENS, (long) request.maxTokens());
      }
      Span s = b.startSpan();
      if (settings.captureContent()) {
        captureInput(s, request.messages());
      }
      OtelChat chat = new OtelChat(this, s, context.with(s), providerName, requested);
      open = chat;
      return chat;
    }

    @Override
    public void chatFailed(CouncilError error) {
      OtelChat chat = open;
      if (chat != null) {
        open = null;
        chat.fail(error);
      }
    }

    @Override
    public void retrying(CouncilError error) {
      AttributesBuilder a = Attributes.builder().put(ERROR_TYPE, errorType(error)).put(COUNCIL_ID, run.councilId);
      if (provider != null) {
        a.put(PROVIDER_NAME, provider);
      }
      retries.add(1, a.build());
    }

    @Override
    public ToolSpan startTool(ToolCall call) {
      Span s = tracer.spanBuilder(spanName(EXECUTE_TOOL, call.name())).setParent(context)
          .setSpanKind(SpanKind.INTERNAL)
          .setAttribute(OPERATION_NAME, EXECUTE_TOOL)
          .setAttribute(TOOL_NAME, call.name())
          .setAttribute(TOOL_CALL_ID, call.id())
          .setAttribute(TOOL_TYPE, "function")
          .startSpan();
      if (settings.captureContent()) {
        s.setAttribute(TOOL_CALL_ARGUMENTS, cut(Json.write(call.arguments())));
      }
      return new OtelTool(s);
    }

    @Override
    public Scope makeCurrent() {
      return context.makeCurrent();
    }

    @Override
    public void end(MemberResult result) {
      if (open != null) {
        chatFailed(result.error() != null ? result.error()
            : CouncilError.of(dev.council.api.ErrorKind.CANCELLED, "the member call ended"));
      }
      String status = MEMBER_STATUSES[result.status().ordinal()];
      span.setAttribute(MEMBER_STATUS, status);
      span.setAttribute(MEMBER_ATTEMPTS, (long) result.attempts());
      usage(span, result.usage());
      if (result.model() != null) {
        span.setAttribute(RESPONSE_MODEL, result.model());
      }
      String errorType = null;
      if (result.status() != MemberStatus.OK) {
        errorType = result.error() != null ? errorType(result.error()) : status;
        fail(span, errorType, result.error() != null ? result.error().message() : null);
      }
      span.end();
      Attributes attrs = errorType == null && result.status() == MemberStatus.OK ? shapes.ok()
          : cached(new MemberKey(run.councilId, status, provider, model, errorType), OtelTelemetry::memberAttributes);
      memberCalls.add(1, attrs);
      memberDuration.record(secondsSince(startNanos), attrs);
    }
  }

  private final class OtelChat implements ChatSpan {
    private final OtelMember member;
    private final Span span;
    private final Context context;
    private final String provider;
    private final String requestModel;
    private final long startNanos = System.nanoTime();

    OtelChat(OtelMember member, Span span, Context context, String provider, String requestModel) {
      this.member = member;
      this.span = span;
      this.context = context;
      this.provider = provider;
      this.requestModel = requestModel;
    }

    @Override
    public ChatRequest traced(ChatRequest request) {
      if (propagator == TextMapPropagator.noop()) {
        return request;
      }
      if (propagator == W3CTraceContextPropagator.getInstance()) {
        SpanContext sc = span.getSpanContext();
        if (!sc.isValid()) {
          return request;
        }
        if (sc.getTraceState().isEmpty()) {
          // what the W3C propagator writes, without its map and copy
          String traceparent = "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex();
          return request.withContext(request.context().withTraceHeaders(Map.of(TRACEPARENT, traceparent)));
        }
      }
      Map<String, String> headers = new LinkedHashMap<>(4);
      propagator.inject(context, headers, Map::put);
      return headers.isEmpty() ? request : request.withContext(request.context().withTraceHeaders(headers));
    }

    @Override
    public Scope makeCurrent() {
      return context.makeCurrent();
    }

    @Override
    public void end(ChatResponse response) {
      member.open = null;
      if (response.model() != null) {
        span.setAttribute(RESPONSE_MODEL, response.model());
      }
      if (response.finishReason() != null) {
        span.setAttribute(RESPONSE_FINISH_REASONS, finishReasons(response.finishReason()));
      }
      usage(span, response.usage());
      if (settings.captureContent()) {
        captureOutput(span, response);
      }
      span.end();
      ChatAttributes attrs = member.shapes.chat(member.run.councilId, provider, requestModel, response.model());
      operationDuration.record(secondsSince(startNanos), attrs.duration());
      tokenUsage.record(response.usage().inputTokens(), attrs.input());
      tokenUsage.record(response.usage().outputTokens(), attrs.output());
      if (response.usage().cost() != null) {
        cost.add(response.usage().cost(), attrs.cost());
      }
    }

    void fail(CouncilError error) {
      String type = errorType(error);
      OtelTelemetry.fail(span, type, error.message());
      span.end();
      operationDuration.record(secondsSince(startNanos), baseMetricAttributes().put(ERROR_TYPE, type).build());
    }

    private AttributesBuilder baseMetricAttributes() {
      AttributesBuilder a = Attributes.builder().put(OPERATION_NAME, CHAT).put(PROVIDER_NAME, provider);
      if (!requestModel.isEmpty()) {
        a.put(REQUEST_MODEL, requestModel);
      }
      return a;
    }
  }

  private final class OtelTool implements ToolSpan {
    private final Span span;

    OtelTool(Span span) {
      this.span = span;
    }

    @Override
    public void end(ToolCallResult result) {
      if (result.failed()) {
        fail(span, "tool_error", result.error());
      }
      if (settings.captureContent()) {
        span.setAttribute(TOOL_CALL_RESULT, cut(result.failed() ? result.error() : Json.write(result.result())));
      }
      span.end();
    }
  }

  // ---------------------------------------------------------------- content capture (opt-in)

  private void captureInput(Span span, List<ChatMessage> messages) {
    List<Object> system = new ArrayList<>();
    List<Object> input = new ArrayList<>();
    for (ChatMessage m : messages) {
      if (m.role() == ChatMessage.Role.SYSTEM) {
        system.add(textPart(m.content()));
      } else {
        input.add(message(m.role().name().toLowerCase(Locale.ROOT), parts(m), null));
      }
    }
    if (!system.isEmpty()) {
      span.setAttribute(SYSTEM_INSTRUCTIONS, Json.write(system));
    }
    span.setAttribute(INPUT_MESSAGES, Json.write(input));
  }

  private void captureOutput(Span span, ChatResponse response) {
    List<Object> parts = new ArrayList<>();
    if (!response.content().isEmpty()) {
      parts.add(textPart(response.content()));
    }
    for (ToolCall call : response.toolCalls()) {
      parts.add(toolCallPart(call));
    }
    span.setAttribute(OUTPUT_MESSAGES, Json.write(List.of(message("assistant", parts,
        response.finishReason() == null ? "stop" : response.finishReason()))));
  }

  private List<Object> parts(ChatMessage m) {
    List<Object> parts = new ArrayList<>();
    if (m.toolResult() != null) {
      ToolCallResult r = m.toolResult();
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("type", "tool_call_response");
      part.put("id", r.id());
      part.put("response", cut(r.failed() ? r.error() : Json.write(r.result())));
      parts.add(part);
    }
    if (!m.content().isEmpty()) {
      parts.add(textPart(m.content()));
    }
    for (ToolCall call : m.toolCalls()) {
      parts.add(toolCallPart(call));
    }
    return parts;
  }

  private static Map<String, Object> message(String role, List<Object> parts, @Nullable String finishReason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("parts", parts);
    if (finishReason != null) {
      m.put("finish_reason", finishReason);
    }
    return m;
  }

  private Map<String, Object> textPart(String text) {
    Map<String, Object> part = new LinkedHashMap<>();
    part.put("type", "text");
    part.put("content", cut(text));
    return part;
  }

  private Map<String, Object> toolCallPart(ToolCall call) {
    Map<String, Object> part = new LinkedHashMap<>();
    part.put("type", "tool_call");
    part.put("id", call.id());
    part.put("name", call.name());
    part.put("arguments", cut(Json.write(call.arguments())));
    return part;
  }

  /** Reads a recorded trace context. */
  private enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
