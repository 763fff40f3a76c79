package dev.council.engine.internal.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.CouncilException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.LlmProvider;
import dev.council.engine.internal.wiring.TestPlugins.NamedProviderFactory;
import dev.council.engine.internal.wiring.TestPlugins.StubProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LlmProvidersTest {
  private final NamedProviderFactory mock = new NamedProviderFactory("mock");
  private final NamedProviderFactory simulated = new NamedProviderFactory("simulated");

  @Test
  void aProviderTypeIsUsableAsAnIdWithoutConfiguration() {
    LlmProviders providers = registry(Map.of(), EngineOverrides.NONE);

    LlmProvider provider = providers.get("mock");

    assertThat(provider.id()).isEqualTo("mock");
    assertThat(((StubProvider) provider).type).isEqualTo("mock");
    assertThat(providers.isKnown("mock")).isTrue();
  }

  @Test
  void aConfiguredIdIsCreatedByItsTypesFactory() {
    LlmProviders providers = registry(Map.of("council.providers.fast.type", "simulated"), EngineOverrides.NONE);

    StubProvider fast = (StubProvider) providers.get("fast");

    assertThat(fast.id).isEqualTo("fast");
    assertThat(fast.type).isEqualTo("simulated");
    assertThat(providers.configuredIds()).containsExactly("fast");
    assertThat(providers.types()).containsExactly("mock", "simulated");
  }

  @Test
  void eachIdIsCreatedOnceAndCached() {
    LlmProviders providers = registry(Map.of(), EngineOverrides.NONE);

    LlmProvider first = providers.get("mock");

    assertThat(providers.get("mock")).isSameAs(first);
    assertThat(providers.find("mock")).containsSame(first);
    assertThat(mock.created).hasValue(1);
  }

  @Test
  void concurrentFirstUseCreatesOneProvider() throws Exception {
    LlmProviders providers = registry(Map.of(), EngineOverrides.NONE);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<LlmProvider>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < 32; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return providers.get("simulated");
        }));
      }
      start.countDown();
      LlmProvider first = futures.get(0).get(10, TimeUnit.SECONDS);
      for (Future<LlmProvider> f : futures) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(simulated.created).hasValue(1);
  }

  @Test
  void unknownIdFailsSayingHowToConfigureIt() {
    LlmProviders providers = registry(Map.of("council.providers.fast.type", "mock"), EngineOverrides.NONE);

    assertThat(providers.find("gpt")).isEmpty();
    assertThat(providers.isKnown("gpt")).isFalse();
    assertThatThrownBy(() -> providers.get("gpt"))
        .isInstanceOf(CouncilException.class)
        .hasMessage("unknown provider 'gpt': it is not configured (council.providers.gpt.type) and no"
            + " LlmProviderFactory has that type. Configured providers: [fast]. Available types: [mock, simulated]."
            + " Set council.providers.gpt.type to one of the types. Add the jar that provides it to the class path.");
  }

  @Test
  void unknownWellKnownProviderNamesItsArtifact() {
    LlmProviders providers = registry(Map.of(), EngineOverrides.NONE);

    assertThatThrownBy(() -> providers.get("anthropic"))
        .hasMessageEndingWith("Add dependency dev.council:council-providers.");
  }

  @Test
  void configuredIdWithAMissingTypeIsAProblemAndFailsOnUse() {
    LlmProviders providers = registry(Map.of("council.providers.gpt.type", "openai"), EngineOverrides.NONE);
    String expected = "council.providers.gpt.type is 'openai' but no LlmProviderFactory with that name was found."
        + " Available: [mock, simulated]. Add dependency dev.council:council-providers.";

    assertThat(providers.problems()).containsExactly(expected);
    assertThat(providers.isKnown("gpt")).isTrue();
    assertThatThrownBy(() -> providers.get("gpt")).isInstanceOf(CouncilException.class).hasMessage(expected);
  }

  @Test
  void configuredIdWithoutTypeMustBeAType() {
    LlmProviders providers = registry(Map.of("council.providers.local.base-url", "http://127.0.0.1:8080"),
        EngineOverrides.NONE);

    assertThat(providers.problems()).containsExactly("council.providers.local is configured but"
        + " council.providers.local.type is not set, and no LlmProviderFactory has type 'local'."
        + " Available: [mock, simulated]. Set council.providers.local.type to one of them."
        + " Add the jar that provides it to the class path.");
  }

  @Test
  void overriddenProviderWinsOverFactoryAndConfiguration() {
    StubProvider mine = new StubProvider("mock", "hand-made");
    LlmProviders providers = registry(Map.of("council.providers.mock.type", "openai"),
        EngineOverrides.builder().provider("mock", mine).build());

    assertThat(providers.get("mock")).isSameAs(mine);
    assertThat(providers.problems()).isEmpty();
    assertThat(mock.created).hasValue(0);
  }

  @Test
  void overriddenFactoryReplacesADiscoveredOneOfTheSameType() {
    NamedProviderFactory replacement = new NamedProviderFactory("mock");
    LlmProviders providers = registry(Map.of(), EngineOverrides.builder().providerFactory(replacement).build());

    providers.get("mock");

    assertThat(replacement.created).hasValue(1);
    assertThat(mock.created).hasValue(0);
  }

  @Test
  void closeClosesCreatedAndOverriddenProvidersThenRefusesNewOnes() {
    StubProvider mine = new StubProvider("mine", "hand-made");
    LlmProviders providers = registry(Map.of(), EngineOverrides.builder().provider("mine", mine).build());
    StubProvider created = (StubProvider) providers.get("mock");

    providers.close();

    assertThat(created.closed).isTrue();
    assertThat(mine.closed).isTrue();
    assertThatThrownBy(() -> providers.get("simulated")).isInstanceOf(IllegalStateException.class);
  }

  private LlmProviders registry(Map<String, String> config, EngineOverrides overrides) {
    return new LlmProviders(List.of(mock, simulated), overrides, CouncilConfig.of(config));
  }
}
