package dev.council.api.config;

import java.util.Objects;

/**
 * A secret value (API key, password). {@link #toString()} masks it, so it cannot leak into logs,
 * exceptions or events by accident; call {@link #reveal()} only where the value is sent.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret itself. Never log or format the returned string. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return "******";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
