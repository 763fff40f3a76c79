package dev.council.engine.internal.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.StreamSink;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.SimulatedProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProviderFactoriesTest {

  @Test
  void mockAndSimulatedFactoriesAreDiscoverableByType() {
    List<String> types = ServiceLoader.load(LlmProviderFactory.class).stream()
        .map(p -> p.get().type()).toList();

    assertThat(types).contains("mock", "simulated");
  }

  @Test
  void mockFactoryCreatesAnUnscriptedMockProviderWithTheGivenId() {
    LlmProvider provider = new MockProviderFactory().create("test-mock", CouncilConfig.empty());

    assertThat(provider).isInstanceOf(MockProvider.class);
    assertThat(provider.id()).isEqualTo("test-mock");
    ChatRequest request = ChatRequest.of("m", null, "hi")
        .withContext(new CallContext(null, null, -1, 0, "alice", 1));
    assertThat(provider.chat(request, StreamSink.IGNORE).content()).isEqualTo("mock answer from alice");
  }

  @Test
  void simulatedFactoryReadsLatencyAndChunkDelayOfItsProviderId() {
    CouncilConfig config = CouncilConfig.of(Map.of(
        "council.providers.demo.latency", "250ms",
        "council.providers.demo.chunk-delay", "5ms"));

    LlmProvider provider = new SimulatedProviderFactory().create("demo", config);

    assertThat(provider).isInstanceOf(SimulatedProvider.class);
    assertThat(provider.id()).isEqualTo("demo");
    assertThat(provider.toString()).contains("latency=PT0.25S").contains("chunkDelay=PT0.005S");
  }

  @Test
  void simulatedFactoryDefaultsToNoLatency() {
    LlmProvider provider = new SimulatedProviderFactory().create("demo", CouncilConfig.empty());

    assertThat(provider.toString()).contains("latency=PT0S").contains("chunkDelay=PT0S");
  }

  @Test
  void simulatedFactoryReportsEveryMalformedSettingAtOnce() {
    CouncilConfig config = CouncilConfig.of(Map.of(
        "council.providers.demo.latency", "soon",
        "council.providers.demo.chunk-delay", "fast"));

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> new SimulatedProviderFactory().create("demo", config));

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).contains("council.providers.demo.latency").contains("'soon'")
        .contains("a duration such as 500ms");
    assertThat(e.problems().get(1)).contains("council.providers.demo.chunk-delay").contains("'fast'");
  }
}
