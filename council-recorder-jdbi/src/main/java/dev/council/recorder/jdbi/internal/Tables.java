package dev.council.recorder.jdbi.internal;

import dev.council.api.config.ConfigException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The validated table prefix and the SQL rendered with it. The prefix is the only text ever
 * interpolated into SQL; it is checked against {@link #PREFIX_PATTERN} first, and every value is a
 * bound parameter. Immutable and thread-safe.
 */
public final class Tables {
  /** What a table prefix must match: a lower-case SQL identifier of at most 41 characters. */
  public static final String PREFIX_PATTERN = "[a-z_][a-z0-9_]{0,40}";

  private static final Pattern PREFIX = Pattern.compile(PREFIX_PATTERN);
  private static final String PLACEHOLDER = "${prefix}";

  private final String prefix;

  private Tables(String prefix) {
    this.prefix = prefix;
  }

  /**
   * The tables for {@code prefix}.
   *
   * @throws ConfigException when the prefix is not a lower-case SQL identifier
   */
  public static Tables of(String prefix) {
    return new Tables(checkPrefix(prefix));
  }

  /**
   * Returns {@code prefix} when it matches {@link #PREFIX_PATTERN}.
   *
   * @throws ConfigException naming the prefix and the rule otherwise
   */
  public static String checkPrefix(String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new ConfigException(List.of(problem(prefix)));
    }
    return prefix;
  }

  /** The problem with {@code prefix}, worded for a configuration error list. */
  public static String problem(String prefix) {
    return "table prefix '" + prefix + "' is not a valid SQL identifier: it must match " + PREFIX_PATTERN
        + " (lower-case letters, digits and underscores, starting with a letter or underscore, at most 41"
        + " characters), e.g. council_";
  }

  public String prefix() {
    return prefix;
  }

  public String runs() {
    return prefix + "runs";
  }

  public String runEvents() {
    return prefix + "run_events";
  }

  public String memberCalls() {
    return prefix + "member_calls";
  }

  public String reliability() {
    return prefix + "reliability";
  }

  public String schemaVersion() {
    return prefix + "schema_version";
  }

  /** {@code sql} with every {@code ${prefix}} replaced by the validated prefix. */
  public String render(String sql) {
    return sql.replace(PLACEHOLDER, prefix);
  }

  @Override
  public String toString() {
    return prefix;
  }
}
