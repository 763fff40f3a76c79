package dev.council.engine.internal.wiring;


import dagger.Module;
import dagger.Provides;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.PubSubFactory;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RecorderFactory;
import dev.council.api.spi.ReliabilityStore;
import dev.council.api.spi.ReliabilityStoreFactory;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.api.spi.Tool;
import dev.council.api.spi.RunTracer;
import dev.council.api.spi.RunTracerFactory;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks plugins by configured name from the discovered sets, applies overrides, and assembles {@link
 * EnginePlugins}. Names are checked before any plugin is created; if creating one fails, the ones
 * already created are closed.
 */
@Module
final class SelectionModule {
  private SelectionModule() {}

  @Provides
  @Singleton
  static EngineSettings settings(CouncilConfig config) {
    return EngineSettings.from(config);
  }

  @Provides
  @Singleton
  static LlmProviders providers(Set<LlmProviderFactory> factories, EngineOverrides overrides, CouncilConfig config) {
    return new LlmProviders(factories, overrides, config);
  }

  @Provides
  @Singleton
  static PluginChoices choices(EngineSettings settings, EngineOverrides overrides, Set<PubSubFactory> pubSubs,
      Set<RunRegistryFactory> registries, Set<RecorderFactory> recorders, Set<RunTracerFactory> tracers,
      Set<ReliabilityStoreFactory> reliabilityStores, LlmProviders providers, CouncilConfig config) {
    return PluginChoices.choose(settings, overrides, pubSubs, registries, recorders, tracers, reliabilityStores,
        providers, config.getString(EngineSettings.RELIABILITY_STORE, EngineSettings.DEFAULT_RELIABILITY_STORE));
  }

  @Provides
  @Singleton
  static RunRegistries registries(PluginChoices choices, EngineOverrides overrides, CouncilConfig config) {
    RunRegistryFactory factory = overrides.registryFactory().orElseGet(() -> choices.registry().orElseThrow());
    return new RunRegistries(factory, config);
  }

  @Provides
  @Singleton
  static Map<String, RoundType> roundTypes(PluginLoader loader, EngineOverrides overrides) {
    return merge(loader.load(PluginSpi.ROUND_TYPES), overrides.roundTypes());
  }

  @Provides
  @Singleton
  static Map<String, Aggregator> aggregators(PluginLoader loader, EngineOverrides overrides) {
    return merge(loader.load(PluginSpi.AGGREGATORS), overrides.aggregators());
  }

  @Provides
  @Singleton
  static Map<String, Tool> tools(PluginLoader loader, EngineOverrides overrides) {
    return merge(loader.load(PluginSpi.TOOLS), overrides.tools());
  }

  @Provides
  @Singleton
  static EnginePlugins plugins(EngineSettings settings, PluginChoices choices, EngineOverrides overrides,
      CouncilConfig config, RunRegistries registries, LlmProviders providers,
      Map<String, RoundType> roundTypes, Map<String, Aggregator> aggregators, Map<String, Tool> tools) {
    List<AutoCloseable> created = new ArrayList<>();
    try {
      PubSub pubSub = overrides.pubSub().orElseGet(() -> track(created, choices.pubSub().orElseThrow().create(config)));
      Recorder recorder = overrides.recorder()
          .orElseGet(() -> track(created, choices.recorder().orElseThrow().create(config)));
      List<RunTracer> tracers = new ArrayList<>();
      for (RunTracerFactory factory : choices.tracers()) {
        tracers.add(factory.create(config));
      }
      tracers.addAll(overrides.tracers());
      ReliabilityStore reliability = overrides.reliabilityStore()
          .orElseGet(() -> track(created, choices.reliability().orElseThrow().create(config)));
      return new EnginePlugins(settings, pubSub, registries, recorder, tracers, providers, roundTypes, aggregators,
          tools, reliability);
    } catch (RuntimeException e) {
      created.forEach(c -> EnginePlugins.closeQuietly("partly started plugin", c));
      throw e;
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> created, T plugin) {
    created.add(plugin);
    return plugin;
  }

  private static <T> Map<String, T> merge(Map<String, T> discovered, Map<String, T> overrides) {
    Map<String, T> all = new LinkedHashMap<>(discovered);
    all.putAll(overrides);
    return all;
  }
}
