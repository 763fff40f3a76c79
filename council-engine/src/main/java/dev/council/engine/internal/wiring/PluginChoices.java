package dev.council.engine.internal.wiring;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.spi.PubSubFactory;
import dev.council.api.spi.RecorderFactory;
import dev.council.api.spi.ReliabilityStoreFactory;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.api.spi.RunTracerFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The factories picked by configured name, each empty when an override replaces it. Checking every
 * name before anything is created means all missing plugins are reported together and no plugin is
 * started for an engine that cannot start.
 *
 * @param pubSub the factory named by {@code council.pubsub}
 * @param registry the factory named by {@code council.registry}
 * @param recorder the factory named by {@code council.recorder}
 * @param tracers the factories named by {@code council.tracers}, in that order
 * @param reliability the factory named by {@code council.reliability.store}
 */
record PluginChoices(
    Optional<PubSubFactory> pubSub,
    Optional<RunRegistryFactory> registry,
    Optional<RecorderFactory> recorder,
    List<RunTracerFactory> tracers,
    Optional<ReliabilityStoreFactory> reliability) {

  PluginChoices {
    tracers = List.copyOf(tracers);
  }

  /**
   * Picks the configured factories.
   *
   * @throws CouncilException when any configured name has no factory (or a configured provider's type
   *     has none); its message lists every such problem, one per line
   */
  static PluginChoices choose(EngineSettings settings, EngineOverrides overrides,
      Collection<PubSubFactory> pubSubs, Collection<RunRegistryFactory> registries,
      Collection<RecorderFactory> recorders, Collection<RunTracerFactory> tracerFactories,
      Collection<ReliabilityStoreFactory> reliabilityFactories, LlmProviders providers, String reliabilityStore) {
    List<String> problems = new ArrayList<>();
    Optional<PubSubFactory> pubSub = overrides.pubSub().isPresent() ? Optional.empty()
        : pick(EngineSettings.PUBSUB, settings.pubsub(), PubSubFactory.class, pubSubs, PubSubFactory::name, problems);
    Optional<RunRegistryFactory> registry = overrides.registryFactory().isPresent() ? Optional.empty()
        : pick(EngineSettings.REGISTRY, settings.registry(), RunRegistryFactory.class, registries,
            RunRegistryFactory::name, problems);
    Optional<RecorderFactory> recorder = overrides.recorder().isPresent() ? Optional.empty()
        : pick(EngineSettings.RECORDER, settings.recorder(), RecorderFactory.class, recorders, RecorderFactory::name,
            problems);
    List<RunTracerFactory> tracers = new ArrayList<>();
    for (String name : settings.tracers()) {
      pick(EngineSettings.TRACERS, name, RunTracerFactory.class, tracerFactories, RunTracerFactory::name, problems)
          .ifPresent(tracers::add);
    }
    Optional<ReliabilityStoreFactory> reliability = overrides.reliabilityStore().isPresent() ? Optional.empty()
        : pick(EngineSettings.RELIABILITY_STORE, reliabilityStore, ReliabilityStoreFactory.class, reliabilityFactories,
            ReliabilityStoreFactory::name, problems);
    problems.addAll(providers.problems());
    if (!problems.isEmpty()) {
      throw new CouncilException(ErrorKind.VALIDATION, MissingPlugins.join(problems));
    }
    return new PluginChoices(pubSub, registry, recorder, tracers, reliability);
  }

  private static <F> Optional<F> pick(String setting, String name, Class<F> type, Collection<F> factories,
      Function<F, String> nameOf, List<String> problems) {
    Map<String, F> byName = new TreeMap<>();
    factories.forEach(f -> byName.put(nameOf.apply(f), f));
    F factory = byName.get(name);
    if (factory == null) {
      problems.add(MissingPlugins.message(setting, name, type, byName.keySet()));
    }
    return Optional.ofNullable(factory);
  }
}
