package dev.council.engine.internal.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.Multibinds;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.PubSubFactory;
import dev.council.api.spi.RecorderFactory;
import dev.council.api.spi.ReliabilityStoreFactory;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.api.spi.RunTracerFactory;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns the factories {@link PluginLoader} discovers into Dagger sets, one per SPI. The sets may be
 * empty; choosing among them by name is {@link SelectionModule}'s job.
 */
@Module
abstract class DiscoveryModule {
  private DiscoveryModule() {}

  @Multibinds
  abstract Set<PubSubFactory> pubSubFactories();

  @Multibinds
  abstract Set<RunRegistryFactory> registryFactories();

  @Multibinds
  abstract Set<RecorderFactory> recorderFactories();

  @Multibinds
  abstract Set<RunTracerFactory> tracerFactories();

  @Multibinds
  abstract Set<LlmProviderFactory> providerFactories();

  @Multibinds
  abstract Set<ReliabilityStoreFactory> reliabilityStoreFactories();

  @Provides
  @ElementsIntoSet
  static Set<ReliabilityStoreFactory> discoveredReliabilityStoreFactories(PluginLoader loader) {
    return values(loader.load(ReliabilityStoreFactory.class, ReliabilityStoreFactory::name));
  }

  @Provides
  @ElementsIntoSet
  static Set<PubSubFactory> discoveredPubSubFactories(PluginLoader loader) {
    return values(loader.load(PluginSpi.PUBSUBS));
  }

  @Provides
  @ElementsIntoSet
  static Set<RunRegistryFactory> discoveredRegistryFactories(PluginLoader loader) {
    return values(loader.load(PluginSpi.REGISTRIES));
  }

  @Provides
  @ElementsIntoSet
  static Set<RecorderFactory> discoveredRecorderFactories(PluginLoader loader) {
    return values(loader.load(PluginSpi.RECORDERS));
  }

  @Provides
  @ElementsIntoSet
  static Set<RunTracerFactory> discoveredTracerFactories(PluginLoader loader) {
    return values(loader.load(PluginSpi.TRACERS));
  }

  @Provides
  @ElementsIntoSet
  static Set<LlmProviderFactory> discoveredProviderFactories(PluginLoader loader) {
    return values(loader.load(PluginSpi.PROVIDERS));
  }

  private static <T> Set<T> values(Map<String, T> byName) {
    return new LinkedHashSet<>(byName.values());
  }
}
