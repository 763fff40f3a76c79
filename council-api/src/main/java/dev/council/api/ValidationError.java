package dev.council.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * One problem in a council definition.
 *
 * @param path a JSON path into the council, e.g. {@code members[2].provider}
 * @param code a stable machine-readable code, e.g. {@code unknown_provider}
 * @param message what is wrong and how to fix it
 */
public record ValidationError(String path, String code, String message) implements Serializable {
  public ValidationError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": [" + code + "] " + message;
  }
}
