package dev.council.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * A reusable, named bundle of member options (provider, model, temperature, ...).
 *
 * @param name the name members and councils refer to it by
 * @param options the options it supplies
 */
public record Profile(String name, MemberOptions options) implements Serializable {
  public Profile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
  }

  public static Profile of(String name, MemberOptions options) {
    return new Profile(name, options);
  }
}
