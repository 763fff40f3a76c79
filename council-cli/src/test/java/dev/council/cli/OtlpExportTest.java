package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.council.cli.Cli.Outcome;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI exports its runs' spans and metrics over OTLP/HTTP (protobuf) when the standard {@code OTEL_*}
 * variables are set, to a receiver here that decodes the real OTLP messages, and has flushed everything by
 * the time the command returns; with export disabled nothing is sent.
 */
class OtlpExportTest {
  private static final String QUESTION = "Should we move our monolith to microservices?";

  private HttpServer receiver;
  private final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
  private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/v1/traces", exchange -> {
      contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
      traces.add(ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes()));
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.createContext("/v1/metrics", exchange -> {
      metrics.add(ExportMetricsServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes()));
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private String endpoint() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort();
  }

  @Test
  void aRunExportsOneTraceOfGenAiSpansAndItsMetricsWhenTheOtlpEndpointIsSet() {
    Outcome r = Cli.run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint()),
        "run", Cli.example("advisor.json"), "--question", QUESTION);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).as("no warnings").isEmpty();

    // everything is flushed by the time the command returns: no waiting here
    List<Span> spans = traces.stream().flatMap(t -> t.getResourceSpansList().stream())
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .peek(ss -> assertThat(ss.getScope().getName()).isEqualTo("dev.council.engine"))
        .flatMap(ss -> ss.getSpansList().stream()).toList();
    assertThat(contentTypes).containsOnly("application/x-protobuf");
    assertThat(traces.get(0).getResourceSpans(0).getResource().getAttributesList())
        .contains(KeyValue.newBuilder().setKey("service.name")
            .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("council")).build());
    assertThat(spans).extracting(Span::getName).contains("invoke_workflow advisor", "round independent_analysis",
        "round anonymized_peer_review", "round synthesis", "invoke_agent strategist", "invoke_agent chair",
        "chat simulated-1");
    assertThat(spans).filteredOn(s -> s.getName().startsWith("chat ")).hasSize(7)
        .allSatisfy(s -> assertThat(s.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT));
    assertThat(spans).extracting(s -> s.getTraceId()).containsOnly(spans.get(0).getTraceId());
    Span run = spans.stream().filter(s -> s.getName().equals("invoke_workflow advisor")).findFirst().orElseThrow();
    assertThat(run.getParentSpanId().isEmpty()).as("the run is the trace's root").isTrue();
    assertThat(run.getAttributesList()).anySatisfy(kv -> {
      assertThat(kv.getKey()).isEqualTo("gen_ai.operation.name");
      assertThat(kv.getValue().getStringValue()).isEqualTo("invoke_workflow");
    });

    assertThat(metrics.stream().flatMap(m -> m.getResourceMetricsList().stream())
        .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream())
        .map(m -> m.getName()).toList())
        .contains("gen_ai.client.token.usage", "gen_ai.client.operation.duration", "council.runs.finished");
  }

  @Test
  void nothingIsExportedWhenTheSdkIsDisabled() {
    Outcome r = Cli.run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(), "OTEL_SDK_DISABLED", "true"),
        "run", Cli.example("advisor.json"), "--question", QUESTION);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(traces).isEmpty();
    assertThat(metrics).isEmpty();
  }
}
