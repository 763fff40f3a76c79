package dev.council.providers.internal;

import dev.council.api.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Collects configuration problems so a factory reports all of them in one {@link ConfigException}.
 * Not thread-safe; used by one factory call.
 */
final class ConfigProblems {
  private final List<String> problems = new ArrayList<>();

  /** Runs {@code getter}; on a {@link ConfigException} records its problems and returns null. */
  <T> @Nullable T read(Supplier<T> getter) {
    try {
      return getter.get();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return null;
    }
  }

  void add(String problem) {
    problems.add(problem);
  }

  /** Throws one exception listing every recorded problem, if there is any. */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
