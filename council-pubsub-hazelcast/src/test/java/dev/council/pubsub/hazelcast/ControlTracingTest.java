package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Control calls that node B routes to the owner of a run, node A, through the registry's control topics
 * carry B's trace context, and A serves each inside a {@code SERVER} span that is a child of B's span. Two
 * Hazelcast members in this JVM, each engine with its own SDK, as two processes would have.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ControlTracingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("council.control.operation");
  private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("council.run.id");

  private static CouncilEngine engine(HazelcastInstance hz, String node, MockProvider provider, OpenTelemetry otel) {
    CouncilConfig config = CouncilConfig.builder().systemProperties(Map.of()).environment(Map.of())
        .set("council.node-id", node).set("council.registry", "hazelcast")
        .share(HazelcastInstance.class, hz).build();
    return CouncilEngine.builder().config(config).provider("mock", provider).openTelemetry(otel).build();
  }

  private static OpenTelemetrySdk sdk(InMemorySpanExporter spans) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
  }

  private static SpanData control(InMemorySpanExporter spans, String op, String runId) {
    List<SpanData> found = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("council.control " + op) && runId.equals(s.getAttributes().get(RUN_ID)))
        .toList();
    assertThat(found).as("control spans " + op + " of " + runId + " among "
        + spans.getFinishedSpanItems().stream().map(SpanData::getName).toList()).hasSize(1);
    return found.get(0);
  }

  private static <T> T traced(OpenTelemetry otel, String name, Span[] out, Supplier<T> body) {
    Span span = otel.getTracer("app").spanBuilder(name).startSpan();
    out[0] = span;
    try (Scope ignored = span.makeCurrent()) {
      return body.get();
    } finally {
      span.end();
    }
  }

  @Test
  void stateCancelAndTerminateFromAnotherNodeAreServedInSpansUnderTheCallersSpan() {
    TestCluster cluster = new TestCluster();
    HazelcastInstance a = cluster.member(0);
    HazelcastInstance b = cluster.member(1);
    InMemorySpanExporter spansA = InMemorySpanExporter.create();
    InMemorySpanExporter spansB = InMemorySpanExporter.create();
    OpenTelemetrySdk otelA = sdk(spansA);
    OpenTelemetrySdk otelB = sdk(spansB);
    MockProvider mock = MockProvider.create("mock");
    mock.script("slow", MockScript.blockUntilInterrupted());
    Council council = Council.builder("controlled").member(Member.builder("slow").provider("mock").model("m").build())
        .round("independent_analysis").build();
    try (CouncilEngine nodeA = engine(a, "node-a", mock, otelA);
         CouncilEngine nodeB = engine(b, "node-b", mock, otelB)) {
      String cancelled = "cancelled-" + cluster.name;
      nodeA.start(council, Map.of("question", "Now?"), RunOptions.builder().runId(cancelled).build());
      Eventually.until(() -> nodeB.find(cancelled).isPresent() && mock.calls("slow") == 1, WAIT,
          "node B sees node A's run, whose member is in flight");
      RunHandle remote = nodeB.find(cancelled).orElseThrow();

      Span[] inspect = new Span[1];
      assertThat(traced(otelB, "inspect", inspect, () -> remote.state().status())).isEqualTo(RunStatus.RUNNING);
      Span[] cancel = new Span[1];
      assertThat(traced(otelB, "cancel request", cancel, remote::cancel)).isTrue();
      Result result = remote.await(WAIT);
      assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);

      SpanData state = control(spansA, "state", cancelled);
      assertThat(state.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(state.getTraceId()).isEqualTo(inspect[0].getSpanContext().getTraceId());
      assertThat(state.getParentSpanId()).isEqualTo(inspect[0].getSpanContext().getSpanId());
      SpanData served = control(spansA, "cancel", cancelled);
      assertThat(served.getParentSpanId()).as("node A's span is a child of node B's caller span")
          .isEqualTo(cancel[0].getSpanContext().getSpanId());
      assertThat(served.getTraceId()).isEqualTo(cancel[0].getSpanContext().getTraceId());
      assertThat(served.getAttributes().get(OPERATION)).isEqualTo("cancel");
      assertThat(served.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);

      String terminated = "terminated-" + cluster.name;
      nodeA.start(council, Map.of("question", "Now?"), RunOptions.builder().runId(terminated).build());
      Eventually.until(() -> nodeB.find(terminated).isPresent() && mock.calls("slow") == 2, WAIT,
          "node B sees the second run");
      Span[] terminate = new Span[1];
      traced(otelB, "terminate request", terminate, () -> {
        nodeB.find(terminated).orElseThrow().terminate();
        return null;
      });
      Eventually.until(() -> spansA.getFinishedSpanItems().stream()
          .anyMatch(s -> s.getName().equals("council.control terminate")), WAIT, "node A served the terminate");
      SpanData terminateServed = control(spansA, "terminate", terminated);
      assertThat(terminateServed.getParentSpanId()).isEqualTo(terminate[0].getSpanContext().getSpanId());
      assertThat(terminateServed.getTraceId()).isEqualTo(terminate[0].getSpanContext().getTraceId());

    } finally {
      otelA.close();
      otelB.close();
      a.getLifecycleService().terminate();
      b.getLifecycleService().terminate();
    }
  }
}
