package dev.council.api.spi;

import java.util.Map;

/**
 * A test on a run's input, registered by name ({@code CouncilEngine.builder().inputPredicate(name, p)}) and
 * referred to by an auto council's {@code rules} strategy ({@code "predicate": "name"} on a catalog entry).
 * Implementations are thread-safe, fast and free of I/O; they are called on the run's thread.
 */
@FunctionalInterface
public interface InputPredicate {

  /**
   * Whether {@code input} matches.
   *
   * @param input the run input (an unmodifiable JSON-like map)
   * @param question the input as the text members are asked: its {@code question}, or every entry on its
   *     own line
   */
  boolean test(Map<String, Object> input, String question);
}
