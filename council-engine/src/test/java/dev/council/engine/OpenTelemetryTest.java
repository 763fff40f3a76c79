package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.eventually;
import static dev.council.engine.TestSupport.member;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.ToolCall;
import dev.council.api.spi.Tool;
import dev.council.api.spi.ToolContext;
import dev.council.engine.local.MemoryRecorder;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry instrumentation against the real SDK with in-memory exporters: the span tree of a run
 * (names, kinds, parents, GenAI and council attributes), metrics, content capture, trace continuity on
 * resume, and the switch that turns it off.
 */
class OpenTelemetryTest {
  private static final String API_KEY = "sk-test-7f3a9c1e5b2d4f6a8c0e";
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final MockProvider mock = MockProvider.create("mock");
  private final Tool weather = new Tool() {
    @Override public String name() { return "weather"; }
    @Override public String description() { return "Current weather of a city"; }
    @Override public Map<String, Object> parameters() { return Map.of("type", "object"); }
    @Override public Object execute(Map<String, Object> arguments, ToolContext context) {
      return new java.util.TreeMap<>(Map.of("city", arguments.get("city"), "tempC", 21));
    }
  };
  private final List<CouncilEngine> engines = new ArrayList<>();

  @AfterEach
  void close() {
    engines.forEach(CouncilEngine::close);
    otel.close();
  }

  private CouncilEngine engine(String... config) {
    List<String> kv = new ArrayList<>(List.of(config));
    kv.addAll(List.of("council.providers.mock.api-key", API_KEY));
    CouncilEngine e = CouncilEngine.builder().config(TestSupport.config(kv.toArray(String[]::new)))
        .provider("mock", mock).tool(weather).sleeper(d -> {}).openTelemetry(otel).build();
    engines.add(e);
    return e;
  }

  /** Members a (one tool call), b (rate limited once, then answers), c (fails), and a chair. */
  private Council council() {
    mock.script("a", MockScript.sequence(
        MockScript.toolCalls(List.of(new ToolCall("call_1", "weather", Map.of("city", "Oslo")))).usage(Usage.of(11, 3)),
        MockScript.content("It is 21C in Oslo.").usage(Usage.of(20, 6))));
    mock.script("b", MockScript.sequence(
        MockScript.error(ErrorKind.RATE_LIMITED, "HTTP 429: slow down", Duration.ofMillis(5)),
        MockScript.content("Yes, adopt it.").usage(Usage.of(13, 4))));
    mock.script("c", MockScript.error(ErrorKind.PERMANENT, "HTTP 400: model 'mock-model' does not exist"));
    mock.script("chair", MockScript.content("Adopt four-day weeks.").usage(Usage.of(40, 5)));
    return Council.builder("four-day-weeks")
        .member(member("a").toBuilder().tools(List.of("weather")).build())
        .member(member("b").toBuilder().retry(RetryPolicy.of(3, Duration.ofMillis(1))).build())
        .member(member("c"))
        .chair(member("chair"))
        .round(Round.of("independent_analysis"))
        .round(Round.of("synthesis"))
        .build();
  }

  @Test
  void aRunIsOneTraceUnderTheCallersSpanWithGenAiSpansForMembersModelCallsAndTools() {
    CouncilEngine engine = engine();
    Span caller = otel.getTracer("app").spanBuilder("handle request").startSpan();
    Result result;
    try (Scope ignored = caller.makeCurrent()) {
      result = engine.run(council(), QUESTION);
    } finally {
      caller.end();
    }
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);

    assertThat(tree()).isEqualTo("""
        handle request [INTERNAL]
          invoke_workflow four-day-weeks [INTERNAL]
            round independent_analysis [INTERNAL]
              invoke_agent a [INTERNAL]
                chat mock-model [CLIENT]
                execute_tool weather [INTERNAL]
                chat mock-model [CLIENT]
              invoke_agent b [INTERNAL]
                chat mock-model [CLIENT] error=rate_limited
                chat mock-model [CLIENT]
              invoke_agent c [INTERNAL] error=permanent
                chat mock-model [CLIENT] error=permanent
            round synthesis [INTERNAL]
              invoke_agent chair [INTERNAL]
                chat mock-model [CLIENT]
        """);
    assertThat(spans.getFinishedSpanItems()).extracting(s -> s.getTraceId()).containsOnly(caller.getSpanContext().getTraceId());

    SpanData run = span("invoke_workflow four-day-weeks");
    assertThat(run.getAttributes().asMap()).containsAllEntriesOf(attrs(
        "gen_ai.operation.name", "invoke_workflow", "gen_ai.workflow.name", "four-day-weeks",
        "council.id", "four-day-weeks", "council.run.id", result.runId(), "council.run.attempt", 1L,
        "council.run.status", "completed", "gen_ai.usage.input_tokens", result.usage().inputTokens(),
        "gen_ai.usage.output_tokens", result.usage().outputTokens()));
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    SpanData round = span("round independent_analysis");
    assertThat(round.getAttributes().asMap()).containsAllEntriesOf(attrs("council.round.name", "independent_analysis",
        "council.round.type", "independent_analysis", "council.round.index", 0L, "council.round.iteration", 0L));

    SpanData b = span("invoke_agent b");
    assertThat(b.getAttributes().asMap()).containsAllEntriesOf(attrs("gen_ai.operation.name", "invoke_agent",
        "gen_ai.agent.name", "b", "gen_ai.provider.name", "mock", "gen_ai.request.model", "mock-model",
        "council.member.id", "b", "council.member.status", "ok", "council.member.attempts", 2L,
        "gen_ai.usage.input_tokens", 13L, "gen_ai.usage.output_tokens", 4L));
    List<SpanData> bCalls = children(b);
    assertThat(bCalls.get(0).getAttributes().asMap()).containsAllEntriesOf(attrs("gen_ai.operation.name", "chat",
        "gen_ai.provider.name", "mock", "gen_ai.request.model", "mock-model", "council.attempt", 1L,
        "error.type", "rate_limited"));
    assertThat(bCalls.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(bCalls.get(1).getAttributes().asMap()).containsAllEntriesOf(attrs("council.attempt", 2L,
        "gen_ai.response.model", "mock-model", "gen_ai.usage.input_tokens", 13L, "gen_ai.usage.output_tokens", 4L));
    assertThat(bCalls.get(1).getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");

    SpanData c = span("invoke_agent c");
    assertThat(c.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(c.getAttributes().get(AttributeKey.stringKey("council.member.status"))).isEqualTo("error");

    SpanData tool = span("execute_tool weather");
    assertThat(tool.getAttributes().asMap()).containsAllEntriesOf(attrs("gen_ai.operation.name", "execute_tool",
        "gen_ai.tool.name", "weather", "gen_ai.tool.call.id", "call_1", "gen_ai.tool.type", "function"));
    assertThat(children(span("invoke_agent a")).get(0).getAttributes()
        .get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("tool_calls");

    assertThat(everyAttributeValue()).as("content is not captured by default")
        .noneMatch(v -> v.contains("four-day weeks?") || v.contains("21C in Oslo"));
    assertThat(spans.getFinishedSpanItems()).allSatisfy(s -> {
      assertThat(s.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))).isNull();
      assertThat(s.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"))).isNull();
    });
    assertNoSecret();
  }

  @Test
  void tokenAndDurationMetricsFollowTheConventionsAndAddUpToTheRunsUsage() {
    Result result = engine().run(council(), QUESTION);

    MetricData tokens = metric("gen_ai.client.token.usage");
    assertThat(tokens.getUnit()).isEqualTo("{token}");
    assertThat(tokenSum(tokens, "input")).isEqualTo(result.usage().inputTokens()).isEqualTo(84);
    assertThat(tokenSum(tokens, "output")).isEqualTo(result.usage().outputTokens()).isEqualTo(18);
    HistogramPointData point = tokens.getHistogramData().getPoints().iterator().next();
    assertThat(point.getBoundaries()).containsExactly(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0,
        65536.0, 262144.0, 1048576.0, 4194304.0, 16777216.0, 67108864.0);
    assertThat(point.getAttributes().asMap()).containsAllEntriesOf(attrs("gen_ai.operation.name", "chat",
        "gen_ai.provider.name", "mock", "gen_ai.request.model", "mock-model"));

    MetricData duration = metric("gen_ai.client.operation.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(duration.getHistogramData().getPoints()).allSatisfy(p -> assertThat(p.getBoundaries())
        .containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92));
    Map<String, Long> callsByError = new LinkedHashMap<>();
    duration.getHistogramData().getPoints().forEach(p -> callsByError.merge(
        Optional.ofNullable(p.getAttributes().get(ERROR_TYPE)).orElse("none"), p.getCount(), Long::sum));
    assertThat(callsByError).containsExactlyInAnyOrderEntriesOf(Map.of("none", 4L, "rate_limited", 1L, "permanent", 1L));

    assertThat(counter("council.runs.started")).isEqualTo(1);
    assertThat(counterBy("council.runs.finished", "council.run.status")).isEqualTo(Map.of("completed", 1L));
    assertThat(counter("council.runs.active")).isZero();
    assertThat(counterBy("council.member.calls", "council.member.status")).isEqualTo(Map.of("ok", 3L, "error", 1L));
    assertThat(counterBy("council.member.retries", "error.type")).isEqualTo(Map.of("rate_limited", 1L));
    assertThat(metric("council.round.duration").getHistogramData().getPoints()).hasSize(2);
    assertNoSecret();
  }

  @Test
  void contentIsCapturedWhenOptedInCutToTheConfiguredLength() {
    Result result = engine("council.otel.capture-content", "true", "council.otel.content-max-length", "30")
        .run(council(), QUESTION);
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);

    SpanData chat = children(span("invoke_agent b")).get(1);
    String input = chat.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"));
    assertThat(input).as("the question, cut to 30 characters").isEqualTo(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Should we adopt fo…[truncated]\"}]}]");
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.system_instructions")))
        .isEqualTo("[{\"type\":\"text\",\"content\":\"You are analyst b.\"}]");
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"))).isEqualTo(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Yes, adopt it.\"}],"
            + "\"finish_reason\":\"stop\"}]");
    SpanData tool = span("execute_tool weather");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.arguments")))
        .isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.result")))
        .isEqualTo("{\"city\":\"Oslo\",\"tempC\":21}");
    assertNoSecret();
  }

  @Test
  void theEnvironmentVariableOfTheConventionsTurnsContentCaptureOn() {
    CouncilEngine e = CouncilEngine.builder()
        .config(CouncilConfig.builder().environment(Map.of("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true"))
            .build())
        .provider("mock", mock).openTelemetry(otel).build();
    engines.add(e);
    mock.script("a", MockScript.content("Answer of a."));
    e.run(TestSupport.council(1, false), QUESTION);
    assertThat(span("chat mock-model").getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")))
        .contains("Answer of a.");
  }

  @Test
  void aCancelledRunAndItsInterruptedMemberShowCancelledInStatusAndErrorType() throws Exception {
    CouncilEngine engine = engine();
    mock.script("a", MockScript.content("done"));
    mock.script("b", MockScript.blockUntilInterrupted());
    RunHandle h = engine.start(TestSupport.council(2, false), QUESTION, RunOptions.DEFAULTS);
    eventually(() -> mock.calls("b") == 1, "b is called");
    h.cancel();
    Result r = h.await(Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
    eventually(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getName().startsWith("invoke_workflow")),
        "the run span ends");

    SpanData run = span("invoke_workflow test-council");
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(run.getAttributes().asMap()).containsAllEntriesOf(attrs("error.type", "cancelled",
        "council.run.status", "cancelled"));
    SpanData b = span("invoke_agent b");
    assertThat(b.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(b.getAttributes().get(ERROR_TYPE)).isEqualTo("cancelled");
    assertThat(children(b)).singleElement().satisfies(chat -> {
      assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(chat.getAttributes().get(ERROR_TYPE)).isEqualTo("cancelled");
    });
    assertThat(counterBy("council.runs.finished", "council.run.status")).isEqualTo(Map.of("cancelled", 1L));
  }

  @Test
  void aTimedOutAttemptIsATimeoutOnItsModelCallSpan() {
    mock.script("a", MockScript.blockUntilInterrupted());
    Council c = Council.builder("slow").member(member("a").toBuilder().timeout(Duration.ofMillis(50))
        .retry(RetryPolicy.NONE).build()).round(Round.of("independent_analysis")).build();
    engine().run(c, QUESTION);
    assertThat(span("chat mock-model").getAttributes().get(ERROR_TYPE)).isEqualTo("timeout");
    assertThat(span("invoke_agent a").getAttributes().get(ERROR_TYPE)).isEqualTo("timeout");
  }

  @Test
  void aSubCouncilsRunNestsUnderItsMembersSpan() {
    Council inner = Council.builder("inner").member(member("inner-a")).round(Round.of("independent_analysis")).build();
    mock.script("inner-a", MockScript.content("inner answer"));
    Council outer = Council.builder("outer").member(Member.builder("panel").subCouncil(inner).build())
        .round(Round.of("independent_analysis")).build();
    Result r = engine().run(outer, QUESTION);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);

    assertThat(tree()).isEqualTo("""
        invoke_workflow outer [INTERNAL]
          round independent_analysis [INTERNAL]
            invoke_agent panel [INTERNAL]
              invoke_workflow inner [INTERNAL]
                round independent_analysis [INTERNAL]
                  invoke_agent inner-a [INTERNAL]
                    chat mock-model [CLIENT]
        """);
    assertThat(span("invoke_agent panel").getAttributes().get(AttributeKey.stringKey("council.sub_council.id")))
        .isEqualTo("inner");
    assertThat(tokenSum(metric("gen_ai.client.token.usage"), "input")).isEqualTo(r.usage().inputTokens());
  }

  @Test
  void aRunResumedByAnotherEngineContinuesTheOriginalTrace() throws Exception {
    MemoryRecorder recorder = new MemoryRecorder();
    mock.script("a", MockScript.content("a answered before the crash"));
    mock.script("b", MockScript.blockUntilInterrupted());
    CouncilEngine dying = CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock)
        .recorder(recorder).openTelemetry(otel).build();
    RunHandle h = dying.start(TestSupport.council(2, true), QUESTION, RunOptions.builder().runId("r-otel").build());
    eventually(() -> mock.calls("b") == 1 && recorder.journal().find(
        new dev.council.api.spi.CallKey("r-otel", 0, 0, "a")).isPresent(), "a is journaled and b is in flight");
    h.terminate();
    dying.close();
    SpanData original = span("invoke_workflow test-council");
    assertThat(original.getAttributes().asMap()).containsAllEntriesOf(attrs("council.run.status", "stopped",
        "error.type", "terminated"));

    mock.script("b", MockScript.content("b answered after resume"));
    mock.script("chair", MockScript.content("final"));
    CouncilEngine survivor = CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock)
        .recorder(recorder).openTelemetry(otel).build();
    engines.add(survivor);
    spans.reset();
    Result r = survivor.resume("r-otel").await(Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);

    SpanData resumed = span("invoke_workflow test-council");
    assertThat(resumed.getTraceId()).isEqualTo(original.getTraceId());
    assertThat(resumed.getParentSpanId()).isEqualTo(original.getSpanId());
    assertThat(resumed.getLinks()).singleElement().satisfies(link -> {
      assertThat(link.getSpanContext().getSpanId()).isEqualTo(original.getSpanId());
      assertThat(link.getAttributes().get(AttributeKey.stringKey("council.link.type"))).isEqualTo("resumed_from");
    });
    assertThat(resumed.getAttributes().get(AttributeKey.booleanKey("council.run.resumed"))).isTrue();
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getTraceId).containsOnly(original.getTraceId());
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
        .as("a's journaled call is not made again, so it has no span").doesNotContain("invoke_agent a");
  }

  @Test
  void reviewersInAnAnonymizedPeerReviewCarryTheLabelOfTheirOwnAnswer() {
    Council.Builder b = Council.builder("anon").option("seed", 7);
    for (String id : List.of("a", "b", "c")) {
      b.member(member(id));
      mock.script(id, MockScript.sequence(MockScript.content("answer of " + id),
          MockScript.respond(req -> dev.council.api.provider.ChatResponse.of(
              "{\"ordering\": [\"" + String.join("\", \"", shownLabels(req.lastUserMessage())) + "\"]}",
              Usage.of(5, 5)))));
    }
    Result r = engine().run(b.round(Round.of("independent_analysis")).round(Round.of("anonymized_peer_review")).build(),
        QUESTION);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);

    @SuppressWarnings("unchecked")
    Map<String, String> labelToMember = (Map<String, String>) r.rounds().get(1).metadata().get("labelToMember");
    AttributeKey<String> label = AttributeKey.stringKey("council.member.label");
    SpanData reviewRound = span("round anonymized_peer_review");
    List<SpanData> reviewers = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getParentSpanId().equals(reviewRound.getSpanId())).toList();
    assertThat(reviewers).hasSize(3);
    for (SpanData reviewer : reviewers) {
      String memberId = reviewer.getAttributes().get(AttributeKey.stringKey("council.member.id"));
      assertThat(reviewer.getAttributes().get(label)).as("label of " + memberId).isNotNull();
      assertThat(labelToMember.get(reviewer.getAttributes().get(label))).isEqualTo(memberId);
    }
    assertThat(r.rounds().get(1).members()).allSatisfy(m ->
        assertThat(labelToMember.get((String) m.metadata().get(dev.council.api.ResultMetadata.OWN_LABEL)))
            .isEqualTo(m.memberId()));
    SpanData firstRound = span("round independent_analysis");
    assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getParentSpanId().equals(firstRound.getSpanId()))
        .as("no labels where none are assigned").hasSize(3)
        .allSatisfy(s -> assertThat(s.getAttributes().get(label)).isNull());
  }

  private static List<String> shownLabels(String prompt) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(Response [A-Z]+):$").matcher(prompt);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void councilOtelEnabledFalseEmitsNothing() {
    Result r = engine("council.otel.enabled", "false").run(council(), QUESTION);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(metrics.collectAllMetrics()).isEmpty();
  }

  @Test
  void latestExperimentalOptInNamesTheWorkflowWithTheAgentName() {
    CouncilEngine e = CouncilEngine.builder()
        .config(CouncilConfig.builder().environment(Map.of("OTEL_SEMCONV_STABILITY_OPT_IN", "http,gen_ai_latest_experimental"))
            .build())
        .provider("mock", mock).openTelemetry(otel).build();
    engines.add(e);
    e.run(TestSupport.council(1, false), QUESTION);
    SpanData run = span("invoke_workflow test-council");
    assertThat(run.getAttributes().get(AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("test-council");
    assertThat(run.getAttributes().get(AttributeKey.stringKey("gen_ai.workflow.name"))).isNull();
  }

  // ---------------------------------------------------------------- helpers

  /** The finished spans as an indented tree, siblings in start order (parallel members by name). */
  private String tree() {
    List<SpanData> all = spans.getFinishedSpanItems();
    StringBuilder out = new StringBuilder();
    all.stream().filter(s -> all.stream().noneMatch(p -> p.getSpanId().equals(s.getParentSpanId())))
        .sorted(Comparator.comparing(SpanData::getStartEpochNanos))
        .forEach(root -> render(root, 0, out));
    return out.toString();
  }

  private void render(SpanData s, int depth, StringBuilder out) {
    out.append("  ".repeat(depth)).append(s.getName()).append(" [").append(s.getKind()).append(']');
    if (s.getStatus().getStatusCode() == StatusCode.ERROR) {
      out.append(" error=").append(s.getAttributes().get(ERROR_TYPE));
    }
    out.append('\n');
    for (SpanData child : children(s)) {
      render(child, depth + 1, out);
    }
  }

  /** Children in start order; invoke_agent siblings (members run in parallel) by name. */
  private List<SpanData> children(SpanData parent) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
        .sorted(Comparator.<SpanData, String>comparing(s -> s.getName().startsWith("invoke_agent") ? s.getName() : "")
            .thenComparing(SpanData::getStartEpochNanos))
        .toList();
  }

  private SpanData span(String name) {
    List<SpanData> named = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named " + name).hasSize(1);
    return named.get(0);
  }

  private static Map<AttributeKey<?>, Object> attrs(Object... kv) {
    Map<AttributeKey<?>, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      String k = (String) kv[i];
      AttributeKey<?> key = v instanceof Long ? AttributeKey.longKey(k) : v instanceof Boolean
          ? AttributeKey.booleanKey(k) : v instanceof Double ? AttributeKey.doubleKey(k) : AttributeKey.stringKey(k);
      m.put(key, v);
    }
    return m;
  }

  private List<MetricData> allMetrics;

  private MetricData metric(String name) {
    if (allMetrics == null) {
      allMetrics = new ArrayList<>(metrics.collectAllMetrics());
    }
    return allMetrics.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " among " + allMetrics.stream()
            .map(MetricData::getName).toList()));
  }

  private long tokenSum(MetricData tokens, String type) {
    return tokens.getHistogramData().getPoints().stream()
        .filter(p -> type.equals(p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type"))))
        .mapToLong(p -> (long) p.getSum()).sum();
  }

  private long counter(String name) {
    MetricData m = metric(name);
    return (m.getLongSumData().getPoints().stream().mapToLong(LongPointData::getValue).sum());
  }

  private Map<String, Long> counterBy(String name, String attribute) {
    return metric(name).getLongSumData().getPoints().stream().collect(Collectors.groupingBy(
        p -> String.valueOf(p.getAttributes().get(AttributeKey.stringKey(attribute))),
        Collectors.summingLong(LongPointData::getValue)));
  }

  private List<String> everyAttributeValue() {
    List<String> values = new ArrayList<>();
    for (SpanData s : spans.getFinishedSpanItems()) {
      addAll(values, s.getAttributes());
      s.getEvents().forEach(e -> addAll(values, e.getAttributes()));
      s.getLinks().forEach(l -> addAll(values, l.getAttributes()));
      values.add(s.getName());
      values.add(s.getStatus().getDescription());
    }
    for (MetricData m : allMetricsNow()) {
      m.getData().getPoints().forEach(p -> addAll(values, p.getAttributes()));
    }
    return values;
  }

  private List<MetricData> allMetricsNow() {
    if (allMetrics == null) {
      allMetrics = new ArrayList<>(metrics.collectAllMetrics());
    }
    return allMetrics;
  }

  private static void addAll(List<String> values, Attributes attributes) {
    attributes.forEach((k, v) -> values.add(String.valueOf(v)));
  }

  private void assertNoSecret() {
    assertThat(everyAttributeValue()).as("no API key in spans, events or metrics").noneMatch(v -> v.contains(API_KEY));
  }
}
