package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.providers.internal.ScriptedServer.RecordedRequest;
import dev.council.providers.internal.ScriptedServer.Reply;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Provider calls carry the W3C trace context of their {@code chat} span on the wire, written by the
 * propagator of the engine's OpenTelemetry instance, so an LLM gateway standing in front of the provider
 * joins the run's trace; a 429 answered on the wire shows as a rate-limited call span, and the API key
 * appears nowhere in what is exported.
 */
class TraceContextTest {
  private static final String OK = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Paris.\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2}}";

  @Test
  void eachProviderRequestCarriesTheTraceparentOfItsOwnChatSpan() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
        ScriptedServer server = ScriptedServer.start()) {
      server.enqueue(Reply.status(429).header("Content-Type", "application/json").header("Retry-After", "0")
          .piece("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}").build());
      server.enqueue(Reply.json(200, OK));
      Council council = Council.builder("capitals").member(Member.builder("m").provider("openai").model("gpt-4o-mini")
          .retry(RetryPolicy.of(2, Duration.ofMillis(1))).build()).round(Round.of("independent_analysis")).build();

      Result r;
      try (CouncilEngine engine = CouncilEngine.builder()
          .config(config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())))
          .openTelemetry(otel).build()) {
        r = engine.run(council, Map.of("question", "Capital of France?"));
      }
      assertThat(r.status()).as(r.errors().toString()).isEqualTo(RunStatus.COMPLETED);

      RecordedRequest limited = server.takeRequest();
      RecordedRequest answered = server.takeRequest();
      List<SpanData> chats = spans.getFinishedSpanItems().stream()
          .filter(s -> s.getKind() == SpanKind.CLIENT)
          .sorted(java.util.Comparator.comparing(SpanData::getStartEpochNanos)).toList();
      assertThat(chats).extracting(SpanData::getName).containsExactly("chat gpt-4o-mini", "chat gpt-4o-mini");
      assertThat(header(limited, "traceparent")).isEqualTo(traceparent(chats.get(0)));
      assertThat(header(answered, "traceparent")).isEqualTo(traceparent(chats.get(1)));
      assertThat(chats.get(0).getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("rate_limited");
      assertThat(chats.get(1).getAttributes().asMap()).containsEntry(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
          .containsEntry(AttributeKey.stringKey("gen_ai.response.model"), "gpt-4o-mini-2024-07-18")
          .containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 12L);

      List<String> exported = new ArrayList<>();
      for (SpanData s : spans.getFinishedSpanItems()) {
        s.getAttributes().forEach((k, v) -> exported.add(String.valueOf(v)));
        s.getEvents().forEach(e -> e.getAttributes().forEach((k, v) -> exported.add(String.valueOf(v))));
        exported.add(s.getStatus().getDescription());
      }
      metrics.collectAllMetrics().forEach(m -> m.getData().getPoints()
          .forEach(p -> p.getAttributes().forEach((k, v) -> exported.add(String.valueOf(v)))));
      assertThat(exported).as("the API key is in no span, event or metric").noneMatch(v -> v.contains(KEY));
    }
  }

  @Test
  void withoutAnSdkNoTraceHeaderIsSent() throws Exception {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.enqueue(Reply.json(200, OK));
      Council council = Council.builder("capitals").member(Member.builder("m").provider("openai").model("gpt-4o-mini")
          .build()).round(Round.of("independent_analysis")).build();
      try (CouncilEngine engine = CouncilEngine.create(
          config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())))) {
        assertThat(engine.run(council, Map.of("question", "Capital of France?")).status()).isEqualTo(RunStatus.COMPLETED);
      }
      assertThat(header(server.takeRequest(), "traceparent")).isNull();
    }
  }

  private static String traceparent(SpanData span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
  }

  private static String header(RecordedRequest request, String name) {
    return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }
}
