package dev.council.engine.internal.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.CouncilException;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilListener;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.PubSubFactory;
import dev.council.api.spi.RecorderFactory;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.RunRegistry;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.api.spi.Tool;
import dev.council.api.spi.RunTracer;
import dev.council.engine.local.LocalPubSub;
import dev.council.engine.local.LocalRunRegistry;
import dev.council.engine.local.MemoryRecorder;
import dev.council.engine.local.NoopRecorder;
import dev.council.engine.trace.LoggingTracer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WiringTest {
  @TempDir
  Path dir;

  @Test
  void defaultsWireTheLocalPluginsFromTheEngineJar() {
    try (EnginePlugins plugins = Wiring.create(CouncilConfig.empty(), WiringTest.class.getClassLoader(), EngineOverrides.NONE)) {
      assertThat(plugins.settings().pubsub()).isEqualTo("local");
      assertThat(plugins.pubSub()).isInstanceOf(LocalPubSub.class);
      assertThat(plugins.recorder()).isInstanceOf(NoopRecorder.class);
      assertThat(plugins.registries().get("default")).isInstanceOf(LocalRunRegistry.class);
      assertThat(plugins.tracers()).isEmpty();
    }
  }

  @Test
  void registriesAreCreatedOncePerName() {
    try (EnginePlugins plugins = wire(Map.of(), EngineOverrides.NONE)) {
      RunRegistry first = plugins.registries().get("default");

      assertThat(plugins.registries().get("default")).isSameAs(first);
      assertThat(plugins.registries().get("tenant-42")).isNotSameAs(first);
      assertThat(plugins.registries().names()).containsExactlyInAnyOrder("default", "tenant-42");
    }
  }

  @Test
  void pluginsAreChosenByConfiguredName() {
    try (EnginePlugins plugins = wire(Map.of("council.recorder", "memory", "council.tracers", "logging"), EngineOverrides.NONE)) {
      assertThat(plugins.recorder()).isInstanceOf(MemoryRecorder.class);
      assertThat(plugins.tracers()).singleElement().isInstanceOf(LoggingTracer.class);
    }
  }

  @Test
  void missingPubSubNamesTheArtifactToAdd() {
    assertThatThrownBy(() -> wire(Map.of("council.pubsub", "hazelcast"), EngineOverrides.NONE))
        .isInstanceOf(CouncilException.class)
        .hasMessage("council.pubsub is 'hazelcast' but no PubSubFactory with that name was found. Available: [local]."
            + " Add dependency dev.council:council-pubsub-hazelcast.");
  }

  @Test
  void missingRegistryNamesTheArtifactToAdd() {
    assertThatThrownBy(() -> wire(Map.of("council.registry", "hazelcast"), EngineOverrides.NONE))
        .hasMessage("council.registry is 'hazelcast' but no RunRegistryFactory with that name was found."
            + " Available: [local]. Add dependency dev.council:council-pubsub-hazelcast.");
  }

  @Test
  void missingRecorderNamesTheArtifactToAdd() {
    assertThatThrownBy(() -> wire(Map.of("council.recorder", "jdbi"), EngineOverrides.NONE))
        .hasMessage("council.recorder is 'jdbi' but no RecorderFactory with that name was found."
            + " Available: [memory, none]. Add dependency dev.council:council-recorder-jdbi.");
  }

  @Test
  void aTypoOfAnAvailablePluginSuggestsItAndAdvisesNoJar() {
    assertThatThrownBy(() -> wire(Map.of("council.recorder", "memroy"), EngineOverrides.NONE))
        .hasMessage("council.recorder is 'memroy' but no RecorderFactory with that name was found."
            + " Available: [memory, none]. Did you mean 'memory'?");
    assertThatThrownBy(() -> wire(Map.of("council.tracers", "loging"), EngineOverrides.NONE))
        .hasMessage("council.tracers is 'loging' but no RunTracerFactory with that name was found."
            + " Available: [logging]. Did you mean 'logging'?");
  }

  @Test
  void aTypoOfAFirstPartyPluginNotOnTheClassPathNamesItsArtifact() {
    assertThatThrownBy(() -> wire(Map.of("council.recorder", "jdbc"), EngineOverrides.NONE))
        .hasMessage("council.recorder is 'jdbc' but no RecorderFactory with that name was found."
            + " Available: [memory, none]. Did you mean 'jdbi'? It is provided by dev.council:council-recorder-jdbi;"
            + " add that dependency.");
  }

  @Test
  void aFirstPartyNameOfAnotherKindOfPluginNamesNoArtifact() {
    assertThatThrownBy(() -> wire(Map.of("council.pubsub", "jdbi"), EngineOverrides.NONE))
        .hasMessage("council.pubsub is 'jdbi' but no PubSubFactory with that name was found. Available: [local]."
            + " Add the jar that provides it to the class path.");
  }

  @Test
  void surroundingWhitespaceInNamesIsIgnored() {
    try (EnginePlugins plugins = wire(Map.of("council.recorder", "  memory\t", "council.tracers", " logging , "),
        EngineOverrides.NONE)) {
      assertThat(plugins.recorder()).isInstanceOf(MemoryRecorder.class);
      assertThat(plugins.tracers()).singleElement().isInstanceOf(LoggingTracer.class);
    }
  }

  @Test
  void missingTracerOfUnknownOriginAsksForItsJar() {
    assertThatThrownBy(() -> wire(Map.of("council.tracers", "logging,zipkin"), EngineOverrides.NONE))
        .hasMessage("council.tracers is 'zipkin' but no RunTracerFactory with that name was found."
            + " Available: [logging]. Add the jar that provides it to the class path.");
  }

  @Test
  void missingProviderTypeNamesTheArtifactToAdd() {
    ClassLoader loader = ServiceFiles.in(dir).withBuiltIns()
        .with(LlmProviderFactory.class, TestPlugins.MockTypeFactory.class, TestPlugins.SimulatedTypeFactory.class)
        .loader();

    assertThatThrownBy(() -> Wiring.create(CouncilConfig.of(Map.of("council.providers.gpt.type", "openai")), loader,
        EngineOverrides.NONE))
        .hasMessage("council.providers.gpt.type is 'openai' but no LlmProviderFactory with that name was found."
            + " Available: [mock, simulated]. Add dependency dev.council:council-providers.");
  }

  @Test
  void multiNodeWithoutClusterPluginsReportsEveryMissingPluginAtOnce() {
    assertThatThrownBy(() -> wire(Map.of(
        "council.mode", "multi-node", "council.jdbc.url", "jdbc:postgresql://127.0.0.1/council"), EngineOverrides.NONE))
        .hasMessage(String.join("\n",
            "council.pubsub is 'hazelcast' but no PubSubFactory with that name was found. Available: [local]."
                + " Add dependency dev.council:council-pubsub-hazelcast.",
            "council.registry is 'hazelcast' but no RunRegistryFactory with that name was found. Available: [local]."
                + " Add dependency dev.council:council-pubsub-hazelcast.",
            "council.recorder is 'jdbi' but no RecorderFactory with that name was found. Available: [memory, none]."
                + " Add dependency dev.council:council-recorder-jdbi."));
  }

  @Test
  void malformedSettingsFailBeforeAnyPluginIsChosen() {
    assertThatThrownBy(() -> wire(Map.of("council.pubsub", "hazelcast", "council.reap-after", "later"), EngineOverrides.NONE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("council.reap-after is 'later'");
  }

  @Test
  void overriddenPluginsBypassConfiguredNames() {
    LocalPubSub pubSub = new LocalPubSub();
    MemoryRecorder recorder = new MemoryRecorder();
    AtomicInteger registriesCreated = new AtomicInteger();
    RunRegistryFactory registryFactory = new RunRegistryFactory() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public RunRegistry create(String registryName, CouncilConfig config) {
        registriesCreated.incrementAndGet();
        return new LocalRunRegistry(registryName);
      }
    };
    EngineOverrides overrides = EngineOverrides.builder()
        .pubSub(pubSub).recorder(recorder).registryFactory(registryFactory).build();

    try (EnginePlugins plugins = wire(Map.of(
        "council.pubsub", "hazelcast", "council.registry", "hazelcast", "council.recorder", "jdbi"), overrides)) {
      assertThat(plugins.pubSub()).isSameAs(pubSub);
      assertThat(plugins.recorder()).isSameAs(recorder);
      plugins.registries().get("default");
      assertThat(registriesCreated).hasValue(1);
    }
  }

  @Test
  void overriddenRoundTypesAggregatorsAndToolsWinOverDiscoveredOnes() {
    ClassLoader loader = ServiceFiles.in(dir).withBuiltIns()
        .with(RoundType.class, TestPlugins.EchoRound.class)
        .with(Aggregator.class, TestPlugins.FirstChoice.class)
        .with(Tool.class, TestPlugins.UpperTool.class)
        .loader();
    RoundType echo = new TestPlugins.EchoRound();
    Aggregator first = new TestPlugins.FirstChoice();
    Tool upper = new TestPlugins.UpperTool();
    EngineOverrides overrides = EngineOverrides.builder().roundType(echo).aggregator(first).tool(upper).build();

    try (EnginePlugins discovered = Wiring.create(CouncilConfig.empty(), loader, EngineOverrides.NONE);
        EnginePlugins overridden = Wiring.create(CouncilConfig.empty(), loader, overrides)) {
      assertThat(discovered.roundTypes().get("echo")).isInstanceOf(TestPlugins.EchoRound.class).isNotSameAs(echo);
      assertThat(discovered.aggregators().get("first")).isInstanceOf(TestPlugins.FirstChoice.class).isNotSameAs(first);
      assertThat(discovered.tools().get("upper")).isInstanceOf(TestPlugins.UpperTool.class).isNotSameAs(upper);
      assertThat(overridden.roundTypes()).containsEntry("echo", echo);
      assertThat(overridden.aggregators()).containsEntry("first", first);
      assertThat(overridden.tools()).containsEntry("upper", upper);
    }
  }

  @Test
  void overrideTracersFollowConfiguredOnes() {
    RunTracer mine = run -> Optional.<CouncilListener>empty();

    try (EnginePlugins plugins = wire(Map.of("council.tracers", "logging"), EngineOverrides.builder().tracer(mine).build())) {
      assertThat(plugins.tracers()).hasSize(2);
      assertThat(plugins.tracers().get(0)).isInstanceOf(LoggingTracer.class);
      assertThat(plugins.tracers().get(1)).isSameAs(mine);
    }
  }

  @Test
  void providersComeFromDiscoveredFactoriesAndOverrides() {
    ClassLoader loader = ServiceFiles.in(dir).withBuiltIns()
        .with(LlmProviderFactory.class, TestPlugins.MockTypeFactory.class).loader();
    TestPlugins.StubProvider mine = new TestPlugins.StubProvider("mine", "hand-made");

    try (EnginePlugins plugins = Wiring.create(CouncilConfig.of(Map.of("council.providers.fast.type", "mock")), loader,
        EngineOverrides.builder().provider("mine", mine).build())) {
      assertThat(plugins.providers().types()).containsExactly("mock");
      assertThat(plugins.providers().configuredIds()).containsExactly("fast", "mine");
      assertThat(plugins.providers().get("fast").id()).isEqualTo("fast");
      assertThat(plugins.providers().get("mock").id()).isEqualTo("mock");
      assertThat(plugins.providers().get("mine")).isSameAs(mine);
    }
  }

  @Test
  void closeClosesPubSubRegistriesRecorderAndProviders() {
    ClassLoader loader = ServiceFiles.in(dir).withBuiltIns()
        .with(PubSubFactory.class, TestPlugins.TrackingPubSubFactory.class).loader();
    TestPlugins.StubProvider provider = new TestPlugins.StubProvider("p", "stub");
    int closedBefore = TestPlugins.TrackingPubSubFactory.CLOSED.get();
    EnginePlugins plugins = Wiring.create(CouncilConfig.of(Map.of("council.pubsub", "tracking")), loader,
        EngineOverrides.builder().provider("p", provider).build());
    plugins.registries().get("default");

    plugins.close();

    assertThat(TestPlugins.TrackingPubSubFactory.CLOSED.get()).isEqualTo(closedBefore + 1);
    assertThat(provider.closed).isTrue();
    assertThatThrownBy(() -> plugins.registries().get("default")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failedWiringClosesThePluginsItAlreadyStarted() {
    ClassLoader loader = ServiceFiles.in(dir).withBuiltIns()
        .with(PubSubFactory.class, TestPlugins.TrackingPubSubFactory.class)
        .with(RecorderFactory.class, TestPlugins.BrokenRecorderFactory.class).loader();
    int closedBefore = TestPlugins.TrackingPubSubFactory.CLOSED.get();

    assertThatThrownBy(() -> Wiring.create(CouncilConfig.of(Map.of("council.pubsub", "tracking", "council.recorder", "broken")),
        loader, EngineOverrides.NONE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("council.broken.url is not set");
    assertThat(TestPlugins.TrackingPubSubFactory.CLOSED.get()).isEqualTo(closedBefore + 1);
  }

  private EnginePlugins wire(Map<String, String> config, EngineOverrides overrides) {
    return Wiring.create(CouncilConfig.of(config), ServiceFiles.in(dir).withBuiltIns().loader(), overrides);
  }
}
