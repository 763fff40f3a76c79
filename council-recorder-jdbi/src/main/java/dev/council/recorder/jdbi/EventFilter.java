package dev.council.recorder.jdbi;

import dev.council.api.config.ConfigException;
import dev.council.api.event.CouncilEvent;
import dev.council.recorder.jdbi.internal.EventTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which event types a recorder stores in {@code run_events}, by the names {@link CouncilEvent#type()}
 * returns. The run's own row is written whatever the filter says. Written as text:
 * {@code all}, {@code exclude:member_token,tool_call_requested} or {@code include:run_started,run_completed}.
 * Immutable and thread-safe.
 */
public final class EventFilter {
  /** Stores every event type except streamed tokens ({@code exclude:member_token}). */
  public static final EventFilter DEFAULT = new EventFilter(false, Set.of("member_token"));

  private final boolean include;
  private final Set<String> types;

  private EventFilter(boolean include, Set<String> types) {
    this.include = include;
    this.types = Set.copyOf(types);
  }

  /** Stores every event. */
  public static EventFilter all() {
    return new EventFilter(false, Set.of());
  }

  /**
   * Stores every event except these types.
   *
   * @throws ConfigException naming any unknown type
   */
  public static EventFilter exclude(String... types) {
    return new EventFilter(false, known(Arrays.asList(types)));
  }

  /**
   * Stores only these types.
   *
   * @throws ConfigException naming any unknown type
   */
  public static EventFilter include(String... types) {
    return new EventFilter(true, known(Arrays.asList(types)));
  }

  /**
   * Reads {@code all}, {@code exclude:<type>,...} or {@code include:<type>,...}.
   *
   * @throws ConfigException saying what is wrong with {@code spec}
   */
  public static EventFilter parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String s = spec.trim();
    if (s.equalsIgnoreCase("all")) {
      return all();
    }
    int colon = s.indexOf(':');
    String mode = colon < 0 ? "" : s.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("include") && !mode.equals("exclude")) {
      throw new ConfigException(List.of("event filter '" + spec + "' must be 'all', 'exclude:<type>,...' or"
          + " 'include:<type>,...' with types from " + new TreeSet<>(EventTypes.names())));
    }
    List<String> names = new ArrayList<>();
    for (String part : s.substring(colon + 1).split(",")) {
      if (!part.isBlank()) {
        names.add(part.trim().toLowerCase(Locale.ROOT));
      }
    }
    if (mode.equals("include") && names.isEmpty()) {
      throw new ConfigException(List.of("event filter '" + spec + "' includes no event type, so nothing would be"
          + " stored; list types after 'include:' from " + new TreeSet<>(EventTypes.names())));
    }
    return new EventFilter(mode.equals("include"), known(names));
  }

  /** Whether events of this type are stored. */
  public boolean accepts(String type) {
    return include == types.contains(type);
  }

  /** Whether this event is stored. */
  public boolean accepts(CouncilEvent event) {
    return accepts(event.type());
  }

  private static Set<String> known(Collection<String> names) {
    Set<String> unknown = new TreeSet<>(names);
    unknown.removeAll(EventTypes.names());
    if (!unknown.isEmpty()) {
      throw new ConfigException(List.of("unknown event type(s) " + unknown + " in event filter; known types: "
          + new TreeSet<>(EventTypes.names())));
    }
    return new LinkedHashSet<>(names);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventFilter f && f.include == include && f.types.equals(types);
  }

  @Override
  public int hashCode() {
    return Objects.hash(include, types);
  }

  /** The filter in the form {@link #parse} reads. */
  @Override
  public String toString() {
    if (!include && types.isEmpty()) {
      return "all";
    }
    return (include ? "include:" : "exclude:") + String.join(",", new TreeSet<>(types));
  }
}
