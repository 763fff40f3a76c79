package dev.council.engine.internal.wiring;

import java.util.Collection;
import java.util.List;

/** Messages for a configured plugin name that no discovered factory has. Stateless. */
final class MissingPlugins {
  private MissingPlugins() {}

  /**
   * {@code council.pubsub is 'hazelcast' but no PubSubFactory with that name was found. Available:
   * [local]. Add dependency dev.council:council-pubsub-hazelcast.}
   */
  static String message(String setting, String name, Class<?> factoryType, Collection<String> available) {
    return setting + " is '" + name + "' but no " + factoryType.getSimpleName()
        + " with that name was found. Available: " + available.stream().sorted().toList() + ". " + hint(name);
  }

  /** Which artifact provides the plugin named {@code name}, as a sentence. */
  static String hint(String name) {
    return switch (name) {
      case "hazelcast" -> "Add dependency dev.council:council-pubsub-hazelcast.";
      case "jdbi" -> "Add dependency dev.council:council-recorder-jdbi.";
      case "openai", "anthropic", "gemini", "ollama", "openrouter" -> "Add dependency dev.council:council-providers.";
      default -> "Add the jar that provides it to the class path.";
    };
  }

  /** One problem as is; several joined one per line. */
  static String join(List<String> problems) {
    return String.join("\n", problems);
  }
}
