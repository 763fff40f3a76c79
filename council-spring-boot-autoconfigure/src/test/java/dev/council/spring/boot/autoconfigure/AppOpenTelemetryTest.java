package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application's {@code OpenTelemetry} bean (a real SDK here) is the one the auto-configured engine
 * traces and meters with: a run of the engine bean shows up as an {@code invoke_workflow} span, with its
 * member and model-call spans, in the application's exporter, under the application's own span; and its
 * run, member, round and model-call metrics are recorded in the application's {@code SdkMeterProvider}.
 */
@SpringBootTest(classes = {TestApplication.class, AppOpenTelemetryTest.Beans.class},
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AppOpenTelemetryTest {

  /** Keeps every exported span in memory. */
  static final class CollectingExporter implements SpanExporter {
    final List<SpanData> spans = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Keeps the metrics of the latest collection (cumulative: each holds every value so far). */
  static final class LatestMetrics implements MetricExporter {
    volatile Collection<MetricData> latest = List.of();

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      latest = List.copyOf(metrics);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    CollectingExporter exporter() {
      return new CollectingExporter();
    }

    @Bean
    LatestMetrics metrics() {
      return new LatestMetrics();
    }

    @Bean(destroyMethod = "close")
    OpenTelemetrySdk openTelemetry(CollectingExporter exporter, LatestMetrics metrics) {
      // collected only when the test flushes the meter provider
      PeriodicMetricReader reader = PeriodicMetricReader.builder(metrics).setInterval(Duration.ofHours(1)).build();
      return OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
          .build();
    }

    @Bean
    MockProvider tracedProvider() {
      MockProvider p = MockProvider.create("traced");
      p.script("x", MockScript.content("traced answer"));
      return p;
    }
  }

  @Autowired CouncilEngine engine;
  @Autowired OpenTelemetry openTelemetry;
  @Autowired CollectingExporter exporter;
  @Autowired OpenTelemetrySdk sdk;
  @Autowired LatestMetrics metrics;

  @Test
  void aRunOfTheEngineBeanIsTracedWithTheAppsOpenTelemetryBean() {
    Council council = Council.builder("traced-council")
        .member(Member.builder("x").role("Analyst").systemPrompt("Answer.").provider("traced").model("m").build())
        .round("independent_analysis")
        .build();
    Span request = openTelemetry.getTracer("app").spanBuilder("handle request").startSpan();
    Result r;
    try (Scope ignored = request.makeCurrent()) {
      r = engine.run(council, Map.of("question", "Is this traced?"));
    } finally {
      request.end();
    }
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);

    SpanData run = named("invoke_workflow traced-council");
    assertThat(run.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(run.getParentSpanId()).as("under the app's span").isEqualTo(request.getSpanContext().getSpanId());
    assertThat(run.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(run.getAttributes().get(AttributeKey.stringKey("council.run.id"))).isEqualTo(r.runId());
    assertThat(run.getAttributes().get(AttributeKey.stringKey("council.run.status"))).isEqualTo("completed");
    SpanData member = named("invoke_agent x");
    SpanData chat = named("chat m");
    assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(chat.getParentSpanId()).isEqualTo(member.getSpanId());
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("traced");
  }

  @Test
  void aRunOfTheEngineBeanIsMeteredInTheAppsMeterProvider() throws Exception {
    Council council = Council.builder("metered-council")
        .member(Member.builder("x").role("Analyst").systemPrompt("Answer.").provider("traced").model("m").build())
        .round("independent_analysis")
        .build();
    Result r = engine.run(council, Map.of("question", "Is this metered?"));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);

    Map<String, String> ofCouncil = Map.of("council.id", "metered-council");
    long deadline = System.nanoTime() + 10_000_000_000L;
    do {
      sdk.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
    } while (points("council.runs.finished", ofCouncil).isEmpty() && System.nanoTime() < deadline);

    assertThat(sum("council.runs.started", ofCouncil)).isEqualTo(1);
    assertThat(sum("council.runs.finished", Map.of("council.id", "metered-council", "council.run.status", "completed")))
        .isEqualTo(1);
    assertThat(sum("council.runs.active", ofCouncil)).as("none left active").isZero();
    assertThat(sum("council.member.calls", Map.of("council.id", "metered-council", "council.member.status", "ok",
        "gen_ai.provider.name", "traced", "gen_ai.request.model", "m"))).isEqualTo(1);
    assertThat(metric("council.member.duration").getUnit()).isEqualTo("s");
    assertThat(count("council.member.duration", ofCouncil)).isEqualTo(1);
    assertThat(count("council.round.duration",
        Map.of("council.id", "metered-council", "council.round.type", "independent_analysis"))).isEqualTo(1);
    assertThat(count("gen_ai.client.operation.duration", Map.of("gen_ai.provider.name", "traced")))
        .as("the model call").isGreaterThanOrEqualTo(1);
  }

  private MetricData metric(String name) {
    return metrics.latest.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " among "
            + metrics.latest.stream().map(MetricData::getName).toList()));
  }

  /** The points of {@code name} whose attributes include every entry of {@code attributes}. */
  private List<PointData> points(String name, Map<String, String> attributes) {
    return metrics.latest.stream().filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getData().getPoints().stream())
        .filter(p -> attributes.entrySet().stream().allMatch(
            e -> e.getValue().equals(p.getAttributes().get(AttributeKey.stringKey(e.getKey())))))
        .map(p -> (PointData) p)
        .toList();
  }

  private long sum(String name, Map<String, String> attributes) {
    metric(name);
    return points(name, attributes).stream().mapToLong(p -> ((LongPointData) p).getValue()).sum();
  }

  private long count(String name, Map<String, String> attributes) {
    metric(name);
    return points(name, attributes).stream().mapToLong(p -> ((HistogramPointData) p).getCount()).sum();
  }

  private SpanData named(String name) {
    List<SpanData> named = exporter.spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named " + name + " among " + exporter.spans.stream().map(SpanData::getName).toList())
        .hasSize(1);
    return named.get(0);
  }
}
