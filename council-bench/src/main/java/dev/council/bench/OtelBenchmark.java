package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
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

/**
 * What the OpenTelemetry instrumentation costs per member call: the {@link MemberCallBenchmark} council (two
 * parallel rounds of {@code members} members, zero-latency provider) run with {@code telemetry}
 * <ul>
 *   <li>{@code off}: {@code council.otel.enabled=false};</li>
 *   <li>{@code no-sdk}: instrumentation on, no SDK installed (no instance given, {@code GlobalOpenTelemetry}
 *       not set), the default of an application without OpenTelemetry;</li>
 *   <li>{@code sdk-batch}: the real SDK, every span sampled, a {@link BatchSpanProcessor} feeding an exporter
 *       that discards, and a meter provider with a periodic reader (metrics are aggregated on every call).</li>
 * </ul>
 * Scores are microseconds per run; a run is {@code 2 × members} member calls (divide; with {@code -prof gc},
 * {@code gc.alloc.rate.norm} is bytes per run). Not final, and its fields not final, because JMH generates
 * subclasses that set them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class OtelBenchmark {
  @Param({"5"})
  public int members;

  @Param({"off", "no-sdk", "sdk-batch"})
  public String telemetry;

  private CouncilEngine engine;
  private Council council;
  private OpenTelemetrySdk sdk;

  @Setup(Level.Trial)
  public void setUp() {
    CouncilConfig config = CouncilConfig.builder().environment(Map.of())
        .set("council.recorder", "none")
        .set("council.reap-after", "0s")
        .set("council.otel.enabled", String.valueOf(!telemetry.equals("off")))
        .build();
    CouncilEngine.Builder b = CouncilEngine.builder().config(config)
        .provider(BenchCouncils.PROVIDER, new ZeroLatencyProvider(BenchCouncils.PROVIDER));
    if (telemetry.equals("sdk-batch")) {
      sdk = batchSdk();
      b.openTelemetry(sdk);
    } else if (!telemetry.equals("off") && !telemetry.equals("no-sdk")) {
      throw new IllegalArgumentException("telemetry must be off, no-sdk or sdk-batch, was " + telemetry);
    }
    engine = b.build();
    council = BenchCouncils.twoParallelRounds(members);
    Result check = engine.run(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
    if (check.status() != RunStatus.COMPLETED) {
      throw new IllegalStateException("the bench council did not complete: " + check);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    if (sdk != null) {
      sdk.close();
    }
  }

  /** One run of {@code 2 × members} member calls. */
  @Benchmark
  public Result run() {
    return engine.run(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
  }

  /**
   * The {@code sdk-batch} SDK: every span sampled, a batch processor feeding an exporter that discards, a
   * meter provider with a periodic reader, the W3C propagator.
   */
  static OpenTelemetrySdk batchSdk() {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(new DiscardingSpanExporter()).build()).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(
            PeriodicMetricReader.builder(new DiscardingMetricExporter()).setInterval(Duration.ofSeconds(10)).build())
            .build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  /** Accepts spans and drops them: the export side is the backend's cost, not the engine's. */
  static final class DiscardingSpanExporter implements SpanExporter {
    @Override public CompletableResultCode export(Collection<SpanData> spans) { return CompletableResultCode.ofSuccess(); }
    @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
    @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
  }

  /** Accepts metrics and drops them. */
  static final class DiscardingMetricExporter implements MetricExporter {
    @Override public AggregationTemporality getAggregationTemporality(InstrumentType type) {
      return AggregationTemporality.CUMULATIVE;
    }
    @Override public MemoryMode getMemoryMode() { return MemoryMode.REUSABLE_DATA; }
    @Override public CompletableResultCode export(Collection<MetricData> metrics) { return CompletableResultCode.ofSuccess(); }
    @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
    @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
  }
}
