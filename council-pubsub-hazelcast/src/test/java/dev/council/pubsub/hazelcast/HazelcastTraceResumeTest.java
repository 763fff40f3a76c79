package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.CallKey;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run resumed on another cluster member from the {@code hazelcast} recorder continues the trace its
 * first engine started: the resumed run's span is a child of, and links to, the original run span, and
 * every span of the resumed run is in the original trace. Each "node" has its own SDK, as separate
 * processes would.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HazelcastTraceResumeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static CouncilEngine engine(HazelcastInstance hz, String node, MockProvider provider, OpenTelemetry otel) {
    CouncilConfig config = CouncilConfig.builder().systemProperties(Map.of()).environment(Map.of())
        .set("council.node-id", node).set("council.recorder", "hazelcast")
        .share(HazelcastInstance.class, hz).build();
    return CouncilEngine.builder().config(config).provider("mock", provider).openTelemetry(otel).build();
  }

  private static Member member(String id) {
    return Member.builder(id).provider("mock").model("mock-model").build();
  }

  private static OpenTelemetrySdk sdk(InMemorySpanExporter spans) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
  }

  @Test
  void aRunResumedOnAnotherMemberContinuesTheOriginalTrace() {
    TestCluster cluster = new TestCluster();
    HazelcastInstance a = cluster.member(0);
    HazelcastInstance b = cluster.member(1);
    InMemorySpanExporter spansA = InMemorySpanExporter.create();
    InMemorySpanExporter spansB = InMemorySpanExporter.create();
    Council council = Council.builder("traced-council").member(member("a")).member(member("b"))
        .round("independent_analysis").chair(member("chair")).build();
    String runId = "traced-" + cluster.name;
    try (OpenTelemetrySdk otelA = sdk(spansA); OpenTelemetrySdk otelB = sdk(spansB)) {
      MockProvider first = MockProvider.create("mock");
      first.script("a", MockScript.content("a answered before the engine stopped"));
      first.script("b", MockScript.blockUntilInterrupted());
      HazelcastRecorder reader = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(b));
      try (CouncilEngine dying = engine(a, "node-a", first, otelA)) {
        dying.start(council, Map.of("question", "Open on Sundays?"), RunOptions.builder().runId(runId).build());
        Eventually.until(() -> first.calls("b") == 1
            && reader.journal().find(new CallKey(runId, 0, 0, "a")).isPresent(), WAIT, "a is journaled and b is in flight");
      } finally {
        reader.close();
      }
      SpanData original = spansA.getFinishedSpanItems().stream()
          .filter(s -> s.getName().equals("invoke_workflow traced-council")).findFirst().orElseThrow();

      MockProvider second = MockProvider.create("mock");
      second.script("b", MockScript.content("b answered after the resume"));
      second.script("chair", MockScript.content("final"));
      Result result;
      try (CouncilEngine survivor = engine(b, "node-b", second, otelB)) {
        result = survivor.resume(runId).await(WAIT);
      }
      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);

      List<SpanData> resumedSpans = spansB.getFinishedSpanItems();
      SpanData resumed = resumedSpans.stream().filter(s -> s.getName().equals("invoke_workflow traced-council"))
          .findFirst().orElseThrow();
      assertThat(resumed.getParentSpanId()).isEqualTo(original.getSpanId());
      assertThat(resumed.getLinks()).extracting(l -> l.getSpanContext().getSpanId()).containsExactly(original.getSpanId());
      assertThat(resumedSpans).extracting(SpanData::getTraceId).containsOnly(original.getTraceId());
      assertThat(resumedSpans).extracting(SpanData::getName).contains("invoke_agent b", "invoke_agent chair")
          .doesNotContain("invoke_agent a");
    } finally {
      a.getLifecycleService().terminate();
      b.getLifecycleService().terminate();
    }
  }
}
