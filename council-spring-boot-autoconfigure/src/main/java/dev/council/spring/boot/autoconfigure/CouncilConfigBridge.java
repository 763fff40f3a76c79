package dev.council.spring.boot.autoconfigure;

import dev.council.api.config.CouncilConfig;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Reads every {@code council.*} property of a Spring {@link Environment} into the string values of a
 * {@link CouncilConfig}. Keys come in their canonical form ({@code council.providers.openai.base-url},
 * whatever relaxed form the source used); values are resolved through the environment, so Spring's
 * precedence (environment variables over application.yml) and placeholders apply. Stateless.
 */
final class CouncilConfigBridge {
  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("council");

  private CouncilConfigBridge() {}

  /** The {@code council.*} values of {@code environment}, keyed by canonical name, sorted. */
  static Map<String, String> values(Environment environment) {
    Map<String, String> out = new TreeMap<>();
    if (!(environment instanceof org.springframework.core.env.ConfigurableEnvironment configurable)) {
      return out;
    }
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      iterable.stream()
          .filter(ROOT::isAncestorOf)
          .map(ConfigurationPropertyName::toString)
          .filter(key -> !out.containsKey(key))
          .forEach(key -> {
            String value = environment.getProperty(key);
            if (value == null) {
              var property = iterable.getConfigurationProperty(ConfigurationPropertyName.of(key));
              value = property == null || property.getValue() == null ? null : String.valueOf(property.getValue());
            }
            if (value != null) {
              out.put(key, value);
            }
          });
    }
    return out;
  }
}
