package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run's trace context is stored with its row, so a run resumed from PostgreSQL by another engine (each
 * with its own OpenTelemetry SDK, as two processes would have) continues the trace it started in.
 */
@Timeout(60)
class TraceContextResumeTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  private static final Council TWO_AND_CHAIR = Councils.council(List.of("a", "b"), List.of("independent_analysis"), true);
  private static final AttributeKey<String> LINK_TYPE = AttributeKey.stringKey("council.link.type");
  private static final AtomicInteger IDS = new AtomicInteger();

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("trace");

  /** Closed after each test: closing one clears its in-memory exporter. */
  private final List<OpenTelemetrySdk> sdks = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void closeSdks() {
    sdks.forEach(OpenTelemetrySdk::close);
  }

  private static CouncilEngine engine(String node, MockProvider provider, OpenTelemetrySdk otel) {
    return CouncilEngine.builder().config(CouncilConfig.of(Map.of("council.node-id", node)))
        .recorder(TABLES.recorderBuilder().flushInterval(Duration.ofMillis(5)).build())
        .provider("mock", provider).openTelemetry(otel).build();
  }

  private static OpenTelemetrySdk sdk(InMemorySpanExporter exporter) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
  }

  private static boolean journaled(String runId, String member) {
    return TABLES.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + TABLES.prefix() + "member_calls"
        + " WHERE run_id = :runId AND member_id = :member").bind("runId", runId).bind("member", member)
        .mapTo(Long.class).one()) == 1;
  }

  private static SpanData runSpan(InMemorySpanExporter exporter) {
    List<SpanData> runs = exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("invoke_workflow library-council")).toList();
    assertThat(runs).as("run spans among " + exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList())
        .hasSize(1);
    return runs.get(0);
  }

  @Test
  void aRunResumedFromPostgresqlByAnotherEngineContinuesTheTraceItStartedIn() {
    String runId = "traced-" + IDS.incrementAndGet();
    InMemorySpanExporter spansA = InMemorySpanExporter.create();
    MockProvider first = MockProvider.create("mock");
    first.script("a", MockScript.content("a answered before the engine stopped"));
    first.script("b", MockScript.blockUntilInterrupted());
    OpenTelemetrySdk otelA = sdk(spansA);
    sdks.add(otelA);
    CouncilEngine dying = engine("node-a-" + runId, first, otelA);
    try {
      dying.start(TWO_AND_CHAIR, Councils.QUESTION, RunOptions.builder().runId(runId).build());
      Await.until("a is journaled and b is in flight", () -> first.calls("b") == 1 && journaled(runId, "a"));
    } finally {
      dying.close();
    }
    SpanData original = runSpan(spansA);
    assertThat(TABLES.history().runInfo(runId).orElseThrow().traceContext().get("traceparent"))
        .as("the row keeps the run span's W3C context")
        .startsWith("00-" + original.getTraceId() + "-" + original.getSpanId() + "-");

    InMemorySpanExporter spansB = InMemorySpanExporter.create();
    MockProvider second = MockProvider.create("mock");
    second.script("b", MockScript.content("b answered after the resume"));
    second.script("chair", MockScript.content("final"));
    Result result;
    Span resumeCall;
    OpenTelemetrySdk otelB = sdk(spansB);
    sdks.add(otelB);
    try (CouncilEngine survivor = engine("node-b-" + runId, second, otelB)) {
      resumeCall = otelB.getTracer("ops").spanBuilder("resume stuck runs").startSpan();
      try (Scope ignored = resumeCall.makeCurrent()) {
        result = survivor.resume(runId).await(AWAIT);
      } finally {
        resumeCall.end();
      }
      Await.until("the run is stored completed", () -> TABLES.history().run(runId)
          .map(StoredRun::status).filter(StoredRunStatus.COMPLETED::equals).isPresent());
    }
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);

    SpanData resumed = runSpan(spansB);
    assertThat(resumed.getTraceId()).as("same trace as engine A's run span").isEqualTo(original.getTraceId());
    assertThat(resumed.getParentSpanId()).isEqualTo(original.getSpanId());
    assertThat(resumed.getAttributes().get(AttributeKey.booleanKey("council.run.resumed"))).isTrue();
    assertThat(resumed.getLinks()).extracting(l -> l.getAttributes().get(LINK_TYPE), l -> l.getSpanContext().getSpanId())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("resumed_from", original.getSpanId()),
            org.assertj.core.groups.Tuple.tuple("resumed_by", resumeCall.getSpanContext().getSpanId()));
    assertThat(spansB.getFinishedSpanItems()).filteredOn(s -> !s.getName().equals("resume stuck runs"))
        .extracting(SpanData::getTraceId).containsOnly(original.getTraceId());
    assertThat(TABLES.history().runInfo(runId).orElseThrow().traceContext().get("traceparent"))
        .as("the row now names the resumed run span, in the same trace")
        .startsWith("00-" + original.getTraceId() + "-" + resumed.getSpanId() + "-");
  }

  @Test
  void aRunRecordedWithoutTracingHasNoTraceContextAndResumesIntoANewTrace() {
    String runId = "untraced-" + IDS.incrementAndGet();
    MockProvider first = MockProvider.create("mock");
    first.script("a", MockScript.content("a"));
    first.script("b", MockScript.blockUntilInterrupted());
    CouncilEngine dying = CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.node-id", "node-u-" + runId, "council.otel.enabled", "false")))
        .recorder(TABLES.recorderBuilder().flushInterval(Duration.ofMillis(5)).build())
        .provider("mock", first).build();
    try {
      dying.start(TWO_AND_CHAIR, Councils.QUESTION, RunOptions.builder().runId(runId).build());
      Await.until("a is journaled and b is in flight", () -> first.calls("b") == 1 && journaled(runId, "a"));
    } finally {
      dying.close();
    }
    assertThat(TABLES.history().runInfo(runId).orElseThrow().traceContext()).isEmpty();

    InMemorySpanExporter spans = InMemorySpanExporter.create();
    MockProvider second = MockProvider.create("mock");
    second.script("b", MockScript.content("b"));
    second.script("chair", MockScript.content("final"));
    OpenTelemetrySdk otel = sdk(spans);
    sdks.add(otel);
    try (CouncilEngine survivor = engine("node-v-" + runId, second, otel)) {
      assertThat(survivor.resume(runId).await(AWAIT).status()).isEqualTo(RunStatus.COMPLETED);
      Await.until("the run is stored completed", () -> TABLES.history().run(runId)
          .map(StoredRun::status).filter(StoredRunStatus.COMPLETED::equals).isPresent());
    }
    SpanData resumed = runSpan(spans);
    assertThat(resumed.getParentSpanContext().isValid()).as("a new trace: nothing to continue").isFalse();
    assertThat(resumed.getLinks()).extracting(LinkData::getSpanContext).isEmpty();
  }
}
