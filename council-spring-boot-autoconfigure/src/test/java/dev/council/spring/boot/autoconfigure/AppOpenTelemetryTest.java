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
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application's {@code OpenTelemetry} bean (a real SDK here) is the one the auto-configured engine
 * traces with: a run of the engine bean shows up as an {@code invoke_workflow} span, with its member and
 * model-call spans, in the application's exporter, under the application's own span.
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

  @TestConfiguration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    CollectingExporter exporter() {
      return new CollectingExporter();
    }

    @Bean(destroyMethod = "close")
    OpenTelemetrySdk openTelemetry(CollectingExporter exporter) {
      return OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
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

  private SpanData named(String name) {
    List<SpanData> named = exporter.spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named " + name + " among " + exporter.spans.stream().map(SpanData::getName).toList())
        .hasSize(1);
    return named.get(0);
  }
}
