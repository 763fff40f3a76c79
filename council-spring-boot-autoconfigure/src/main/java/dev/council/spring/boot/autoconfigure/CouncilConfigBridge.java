package dev.council.spring.boot.autoconfigure;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads the {@code council.*} properties of a Spring {@link Environment} into the string values of a
 * {@link dev.council.api.config.CouncilConfig}. Keys are turned into the engine's dashed form whatever
 * relaxed form the source used ({@code council.reapAfter}, {@code council.reap_after} →
 * {@code council.reap-after}); indexed lists ({@code council.tracers[0]}) become comma-separated values.
 * Values are bound through Spring's {@link Binder}, so Spring's precedence (environment variables over
 * application.yml), relaxed names and placeholders apply. Keys set only as environment variables are
 * left to the engine's own {@code COUNCIL_*} environment layer. Stateless.
 */
final class CouncilConfigBridge {
  private CouncilConfigBridge() {}

  /** The {@code council.*} values of {@code environment}, keyed by the engine's dashed names, sorted. */
  static Map<String, String> values(Environment environment) {
    Map<String, String> out = new TreeMap<>();
    if (!(environment instanceof ConfigurableEnvironment configurable)) {
      return out;
    }
    TreeSet<String> keys = new TreeSet<>();
    TreeSet<String> lists = new TreeSet<>();
    for (PropertySource<?> source : configurable.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> enumerable)
          || source instanceof SystemEnvironmentPropertySource) {
        continue;
      }
      for (String raw : enumerable.getPropertyNames()) {
        if (!raw.regionMatches(true, 0, "council.", 0, "council.".length())) {
          continue;
        }
        String key = dashed(raw);
        int bracket = key.indexOf('[');
        if (bracket >= 0) {
          lists.add(key.substring(0, bracket));
        } else {
          keys.add(key);
        }
      }
    }
    Binder binder = Binder.get(environment);
    for (String key : keys) {
      binder.bind(key, Bindable.of(String.class)).ifBound(v -> out.put(key, v));
    }
    for (String key : lists) {
      binder.bind(key, Bindable.listOf(String.class)).ifBound(v -> out.put(key, String.join(",", v)));
    }
    return out;
  }

  /** {@code council.providers.myVllm.baseUrl} → {@code council.providers.my-vllm.base-url}. */
  static String dashed(String raw) {
    StringBuilder sb = new StringBuilder(raw.length() + 8);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && Character.isLetterOrDigit(raw.charAt(i - 1)) && !Character.isUpperCase(raw.charAt(i - 1))) {
          sb.append('-');
        }
        sb.append(Character.toLowerCase(c));
      } else if (c == '_') {
        sb.append('-');
      } else {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
