package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Usage;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.providers.internal.TestSupport.BackgroundCall;
import dev.council.providers.internal.TestSupport.FiveServers;
import dev.council.providers.internal.TestSupport.RecordingCall;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The five adapters, discovered through {@link ServiceLoader} and configured from one configuration, stream
 * at the same time on virtual threads, as the members of one council round do.
 */
class AllProvidersTogetherTest {

  @Test
  void fiveProvidersStreamConcurrentlyAndTheirUsageAddsUp() throws Exception {
    List<LlmProvider> providers = new ArrayList<>();
    try (FiveServers servers = FiveServers.start()) {
      CouncilConfig config = config(servers.env());
      for (LlmProviderFactory factory : ServiceLoader.load(LlmProviderFactory.class)) {
        if (!TestSupport.isOurs(factory)) {
          continue;
        }
        providers.add(factory.create(factory.type(), config));
      }

      List<BackgroundCall> calls = new ArrayList<>();
      List<RecordingCall> streams = new ArrayList<>();
      for (LlmProvider provider : providers) {
        RecordingCall stream = new RecordingCall();
        streams.add(stream);
        calls.add(BackgroundCall.start(provider, ChatRequest.of("model", "Be brief.", "Capital of France?")
            .withStream(true), stream));
      }
      Usage total = Usage.ZERO;
      for (int i = 0; i < calls.size(); i++) {
        ChatResponse response = calls.get(i).await();
        assertThat(streams.get(i).text()).as(providers.get(i).id()).isEqualTo(response.content()).startsWith("Paris");
        streams.get(i).assertWellFormed("stop");
        total = total.plus(response.usage());
      }

      assertThat(total).isEqualTo(new Usage(19 + 25 + 8 + 26 + 10, 9 + 15 + 9 + 282 + 2, 0.25));
      servers.values().forEach(s -> assertThat(s.requestCount()).isEqualTo(1));
    } finally {
      providers.forEach(LlmProvider::close);
    }
  }
}
