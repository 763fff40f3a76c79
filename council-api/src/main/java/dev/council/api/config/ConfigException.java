package dev.council.api.config;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import java.util.List;

/** Configuration problems, all of them at once, each saying which key and how to fix it. */
public final class ConfigException extends CouncilException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(ErrorKind.VALIDATION, "invalid council configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
