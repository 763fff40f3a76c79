package dev.council.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link OtelSdkFloorBenchmark} is reported as the SDK's floor under the engine's instrumentation, so it must
 * not emit more than the engine does for the same council: the same spans, kind by kind, each with no more
 * attributes than the engine's.
 */
class OtelSdkFloorBenchmarkTest {
  @Test
  void theFloorEmitsTheEnginesSpanTreeAndNoMoreAttributes() throws Exception {
    List<SpanData> engineSpans = new CopyOnWriteArrayList<>();
    try (OpenTelemetrySdk sdk = collecting(engineSpans)) {
      CouncilConfig config = CouncilConfig.builder().environment(Map.of())
          .set("council.recorder", "none").set("council.reap-after", "0s").build();
      try (CouncilEngine engine = CouncilEngine.builder().config(config)
          .provider(BenchCouncils.PROVIDER, new ZeroLatencyProvider(BenchCouncils.PROVIDER)).openTelemetry(sdk).build()) {
        Result r = engine.run(BenchCouncils.twoParallelRounds(5), BenchCouncils.INPUT, BenchCouncils.OPTIONS);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      }
      sdk.getSdkTracerProvider().forceFlush();
    }

    List<SpanData> floorSpans = new CopyOnWriteArrayList<>();
    OtelSdkFloorBenchmark floor = new OtelSdkFloorBenchmark();
    floor.members = 5;
    floor.mode = "spans";
    try (OpenTelemetrySdk sdk = collecting(floorSpans)) {
      floor.setUp(sdk);
      floor.run(new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
      sdk.getSdkTracerProvider().forceFlush();
    }

    Map<String, Integer> engineCounts = counts(engineSpans);
    assertThat(engineCounts).containsKeys("invoke_workflow", "invoke_agent", "chat");
    assertThat(engineCounts.get("invoke_agent")).isEqualTo(10);
    assertThat(counts(floorSpans)).isEqualTo(engineCounts);
    Map<String, Integer> engineAttributes = attributes(engineSpans, Math::min);
    attributes(floorSpans, Math::max).forEach((kind, n) -> assertThat(n)
        .as("attributes of the floor's %s spans", kind).isLessThanOrEqualTo(engineAttributes.get(kind)));
  }

  private static OpenTelemetrySdk collecting(List<SpanData> into) {
    SpanExporter exporter = new SpanExporter() {
      @Override public CompletableResultCode export(Collection<SpanData> spans) {
        into.addAll(spans);
        return CompletableResultCode.ofSuccess();
      }
      @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
      @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
    };
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  /** Spans by kind: the first word of their name ({@code invoke_agent m1} → {@code invoke_agent}). */
  private static Map<String, Integer> counts(List<SpanData> spans) {
    Map<String, Integer> counts = new TreeMap<>();
    spans.forEach(s -> counts.merge(kind(s), 1, Integer::sum));
    return counts;
  }

  /** By kind, the fewest ({@code Math::min}) or most ({@code Math::max}) attributes a span of it has. */
  private static Map<String, Integer> attributes(List<SpanData> spans, BinaryOperator<Integer> pick) {
    Map<String, Integer> byKind = new TreeMap<>();
    spans.forEach(s -> byKind.merge(kind(s), s.getAttributes().size(), pick));
    return byKind;
  }

  private static String kind(SpanData s) {
    int space = s.getName().indexOf(' ');
    return space < 0 ? s.getName() : s.getName().substring(0, space);
  }
}
