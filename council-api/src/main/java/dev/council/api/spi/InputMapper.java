package dev.council.api.spi;

import java.util.Map;

/** Maps a parent run's input (and the parent's work so far) to a sub-council's input. Thread-safe. */
@FunctionalInterface
public interface InputMapper {
  Map<String, Object> map(Map<String, Object> parentInput, String prompt);
}
