package dev.council.engine.internal.support;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a configuration key whose value is one of an enum's constants, as {@link CouncilConfig#getEnum}
 * does, and when the value is none of them ends the problem with the closest allowed value, when it looks
 * like a typo of one ({@code council.mode is 'multinode' but must be one of [single-node, multi-node] (...).
 * Did you mean 'multi-node'?}). Stateless and thread-safe.
 */
public final class EnumSettings {
  private EnumSettings() {}

  /**
   * The constant {@code key} names, or {@code fallback} when it is unset.
   *
   * @throws ConfigException when the value names no constant of {@code type}
   */
  public static <E extends Enum<E>> E read(CouncilConfig config, String key, Class<E> type, E fallback) {
    try {
      return config.getEnum(key, type, fallback);
    } catch (ConfigException e) {
      String value = config.get(key).orElse("").trim().replace('_', '-');
      String hint = Suggestions.afterSentence(value, allowed(type));
      if (hint.isEmpty()) {
        throw e;
      }
      throw new ConfigException(e.problems().stream().map(problem -> problem + hint).toList());
    }
  }

  /** The values {@link CouncilConfig#getEnum} accepts for {@code type}, as written in configuration. */
  private static List<String> allowed(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .toList();
  }
}
