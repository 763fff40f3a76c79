package dev.council.bench;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The OpenTelemetry SDK's own floor under {@link OtelBenchmark}: what the span tree and metrics of one run of
 * that council cost when written straight against the SDK, with no engine around them. One operation is one
 * "run" of two rounds of {@code members} member calls, each member call on a fresh virtual thread (as the
 * engine runs them), with
 * <ul>
 *   <li>{@code spans}: the run's {@code invoke_workflow} span (6 attributes, 1 more at its end), a round span
 *       per round (5), and per member call an {@code invoke_agent} span (5 attributes at start, 5 at its end)
 *       and its {@code chat} child span (4 at start, 3 at its end) made current while the "provider" runs,
 *       the W3C {@code traceparent} string of the chat span, and the member call's metrics (a counter and a
 *       duration histogram for the member, the operation-duration and two token-usage histogram records for
 *       the chat);</li>
 *   <li>{@code threads}: the same virtual threads and joins with no telemetry, to subtract.</li>
 * </ul>
 * The SDK is {@link OtelBenchmark}'s {@code sdk-batch} one (every span sampled, a batch processor feeding an
 * exporter that discards, a periodic metric reader). {@code (spans − threads) / (2 × members)} is what the
 * SDK allocates and spends per member call for the span tree the GenAI conventions describe, a floor no
 * instrumentation that emits that tree can go under.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class OtelSdkFloorBenchmark {
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  private static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  private static final AttributeKey<String> STRING_A = AttributeKey.stringKey("council.id");
  private static final AttributeKey<String> STRING_B = AttributeKey.stringKey("council.run.id");
  private static final AttributeKey<String> STRING_C = AttributeKey.stringKey("council.node.id");
  private static final AttributeKey<String> STRING_D = AttributeKey.stringKey("council.member.id");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("council.member.status");
  private static final AttributeKey<Long> LONG_A = AttributeKey.longKey("council.run.attempt");
  private static final AttributeKey<Long> LONG_B = AttributeKey.longKey("council.round.index");
  private static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("council.member.attempts");

  @Param({"5"})
  public int members;

  @Param({"threads", "spans"})
  public String mode;

  private OpenTelemetrySdk sdk;
  private Tracer tracer;
  private LongCounter memberCalls;
  private DoubleHistogram memberDuration;
  private DoubleHistogram operationDuration;
  private LongHistogram tokenUsage;
  private Attributes memberAttrs;
  private Attributes durationAttrs;
  private Attributes inputAttrs;
  private Attributes outputAttrs;
  private String[] memberIds;
  private String[] spanNames;

  @Setup(Level.Trial)
  public void setUp() {
    if (!mode.equals("threads") && !mode.equals("spans")) {
      throw new IllegalArgumentException("mode must be threads or spans, was " + mode);
    }
    setUp(OtelBenchmark.batchSdk());
  }

  /** Writes to {@code sdk} instead (the test that compares this span tree with the engine's). */
  void setUp(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    tracer = sdk.getTracer("council-floor");
    Meter meter = sdk.getMeter("council-floor");
    memberCalls = meter.counterBuilder("council.member.calls").build();
    memberDuration = meter.histogramBuilder("council.member.duration").setUnit("s").build();
    operationDuration = meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s").build();
    tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().build();
    // built once, as the engine caches its metric attribute sets
    memberAttrs = Attributes.of(STRING_A, "bench", STRING_D, "m", STATUS, "ok");
    durationAttrs = Attributes.of(OPERATION, "chat", PROVIDER, "zero", REQUEST_MODEL, "m1", RESPONSE_MODEL, "m1");
    inputAttrs = durationAttrs.toBuilder().put("gen_ai.token.type", "input").build();
    outputAttrs = durationAttrs.toBuilder().put("gen_ai.token.type", "output").build();
    memberIds = new String[members];
    spanNames = new String[members];
    for (int i = 0; i < members; i++) {
      memberIds[i] = "m" + i;
      spanNames[i] = "invoke_agent m" + i;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
  }

  /** One run: two rounds of {@code members} member calls, each on its own virtual thread. */
  @Benchmark
  public void run(Blackhole bh) throws InterruptedException {
    boolean spans = mode.equals("spans");
    Span run = spans ? tracer.spanBuilder("invoke_workflow bench").setSpanKind(SpanKind.INTERNAL)
        .setAttribute(OPERATION, "invoke_workflow").setAttribute(AGENT_NAME, "bench").setAttribute(STRING_A, "bench")
        .setAttribute(STRING_B, "run-1").setAttribute(LONG_A, 1L).setAttribute(STRING_C, "node-1").startSpan() : null;
    Context runContext = spans ? Context.root().with(run) : Context.root();
    Thread[] threads = new Thread[members];
    for (int round = 0; round < 2; round++) {
      Span r = spans ? tracer.spanBuilder("round independent").setParent(runContext).setAttribute(STRING_A, "bench")
          .setAttribute(STRING_B, "r").setAttribute(STRING_C, "independent").setAttribute(LONG_B, (long) round)
          .setAttribute(ATTEMPTS, 0L).startSpan() : null;
      Context roundContext = spans ? runContext.with(r) : runContext;
      for (int i = 0; i < members; i++) {
        String id = memberIds[i];
        String name = spanNames[i];
        threads[i] = Thread.startVirtualThread(() -> bh.consume(spans ? memberCall(roundContext, id, name) : id.length()));
      }
      for (Thread t : threads) {
        t.join();
      }
      if (spans) {
        r.end();
      }
    }
    if (spans) {
      run.setAttribute(STATUS, "completed");
      run.end();
    }
  }

  private String memberCall(Context parent, String id, String spanName) {
    long start = System.nanoTime();
    Span agent = tracer.spanBuilder(spanName).setParent(parent).setSpanKind(SpanKind.INTERNAL)
        .setAttribute(OPERATION, "invoke_agent").setAttribute(AGENT_NAME, id).setAttribute(STRING_D, id)
        .setAttribute(PROVIDER, "zero").setAttribute(REQUEST_MODEL, "m1").startSpan();
    Span chat = tracer.spanBuilder("chat m1").setParent(parent.with(agent)).setSpanKind(SpanKind.CLIENT)
        .setAttribute(OPERATION, "chat").setAttribute(PROVIDER, "zero").setAttribute(LONG_A, 1L)
        .setAttribute(REQUEST_MODEL, "m1").startSpan();
    String traceparent;
    try (io.opentelemetry.context.Scope ignored = parent.with(agent).with(chat).makeCurrent()) {
      SpanContext sc = chat.getSpanContext();
      traceparent = "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex();
    }
    chat.setAttribute(RESPONSE_MODEL, "m1");
    chat.setAttribute(INPUT_TOKENS, 12L);
    chat.setAttribute(OUTPUT_TOKENS, 34L);
    chat.end();
    double seconds = (System.nanoTime() - start) / 1e9;
    operationDuration.record(seconds, durationAttrs);
    tokenUsage.record(12L, inputAttrs);
    tokenUsage.record(34L, outputAttrs);
    agent.setAttribute(STATUS, "ok");
    agent.setAttribute(ATTEMPTS, 1L);
    agent.setAttribute(RESPONSE_MODEL, "m1");
    agent.setAttribute(INPUT_TOKENS, 12L);
    agent.setAttribute(OUTPUT_TOKENS, 34L);
    agent.end();
    memberCalls.add(1, memberAttrs);
    memberDuration.record((System.nanoTime() - start) / 1e9, memberAttrs);
    return traceparent;
  }
}
