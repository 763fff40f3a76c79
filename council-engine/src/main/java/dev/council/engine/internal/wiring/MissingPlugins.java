package dev.council.engine.internal.wiring;

import dev.council.api.config.Suggestions;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.PubSubFactory;
import dev.council.api.spi.RecorderFactory;
import dev.council.api.spi.ReliabilityStoreFactory;
import dev.council.api.spi.RunRegistryFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Messages for a configured plugin name that no discovered factory has. A name close to an available
 * one is taken for a typo ("Did you mean 'memory'?", no jar to add); a name a first-party artifact
 * provides for that kind of plugin names the artifact; any other name gets the generic advice. Stateless.
 */
final class MissingPlugins {
  /**
   * The plugin names the project's own artifacts provide, per factory type (not the engine's built-in
   * ones). {@code MissingPluginsArtifactsTest} in {@code council-cli}, whose class path holds every plugin
   * artifact, checks it against what each artifact registers.
   */
  private static final Map<Class<?>, Map<String, String>> ARTIFACTS = Map.of(
      PubSubFactory.class, Map.of("hazelcast", "dev.council:council-pubsub-hazelcast"),
      RunRegistryFactory.class, Map.of("hazelcast", "dev.council:council-pubsub-hazelcast"),
      RecorderFactory.class, Map.of(
          "jdbi", "dev.council:council-recorder-jdbi",
          "hazelcast", "dev.council:council-pubsub-hazelcast"),
      ReliabilityStoreFactory.class, Map.of(
          "jdbi", "dev.council:council-recorder-jdbi",
          "hazelcast", "dev.council:council-pubsub-hazelcast"),
      LlmProviderFactory.class, Map.of(
          "openai", "dev.council:council-providers",
          "anthropic", "dev.council:council-providers",
          "gemini", "dev.council:council-providers",
          "ollama", "dev.council:council-providers",
          "openrouter", "dev.council:council-providers"));

  private static final String GENERIC = "Add the jar that provides it to the class path.";

  private MissingPlugins() {}

  /**
   * {@code council.pubsub is 'hazelcast' but no PubSubFactory with that name was found. Available:
   * [local]. Add dependency dev.council:council-pubsub-hazelcast.}
   */
  static String message(String setting, String name, Class<?> factoryType, Collection<String> available) {
    return setting + " is '" + name + "' but no " + factoryType.getSimpleName()
        + " with that name was found. Available: " + available.stream().sorted().toList() + ". "
        + advice(name, factoryType, available);
  }

  /**
   * How to fix a missing plugin, as one or two sentences: the artifact when a first-party one provides
   * {@code name} for {@code factoryType}; else the available name it is probably a typo of; else the
   * generic advice to add the jar that provides it.
   */
  static String advice(String name, Class<?> factoryType, Collection<String> available) {
    Optional<String> artifact = artifact(factoryType, name);
    Optional<String> typoOf = Suggestions.closest(name, available);
    if (artifact.isPresent()) {
      return "Add dependency " + artifact.get() + "." + typoOf.map(s -> " Or did you mean '" + s + "'?").orElse("");
    }
    if (typoOf.isPresent()) {
      return "Did you mean '" + typoOf.get() + "'?";
    }
    return Suggestions.closest(name, firstPartyNames(factoryType))
        .map(s -> "Did you mean '" + s + "'? It is provided by " + artifact(factoryType, s).orElseThrow()
            + "; add that dependency.")
        .orElse(GENERIC);
  }

  /** The first-party artifact that provides a plugin named {@code name} of {@code factoryType}, if any. */
  static Optional<String> artifact(Class<?> factoryType, String name) {
    return Optional.ofNullable(ARTIFACTS.getOrDefault(factoryType, Map.of()).get(name));
  }

  /** The first-party plugin names of {@code factoryType}, e.g. to suggest one of them. */
  static Set<String> firstPartyNames(Class<?> factoryType) {
    return ARTIFACTS.getOrDefault(factoryType, Map.of()).keySet();
  }

  /** One problem as is; several joined one per line. */
  static String join(List<String> problems) {
    return String.join("\n", problems);
  }
}
