package dev.council.spring.boot.autoconfigure;

import dev.council.api.Council;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The councils of the application by name: those loaded from {@code council.spring.councils}
 * ({@code classpath*:councils/*.json} by default), plus {@link Council} beans the application defines.
 * The name is the council's {@code id}. Every one is also registered with the engine, so members can
 * refer to it with {@code subCouncilRef}.
 *
 * <pre>{@code
 * @RestController
 * class AskController {
 *   private final Council advisor;
 *   AskController(CouncilDefinitions councils) { this.advisor = councils.get("advisor"); }
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CouncilDefinitions {
  private final Map<String, Council> byName;

  /**
   * @param councils the councils in load order
   * @throws IllegalStateException if two councils have the same id
   */
  public CouncilDefinitions(List<Council> councils) {
    Map<String, Council> m = new LinkedHashMap<>();
    for (Council c : councils) {
      if (m.putIfAbsent(c.id(), c) != null) {
        throw new IllegalStateException("two councils have the id '" + c.id() + "': give each council file"
            + " and Council bean a distinct id");
      }
    }
    this.byName = Map.copyOf(m);
  }

  /**
   * The council named {@code name}.
   *
   * @throws IllegalArgumentException naming the councils there are, when there is none by that name
   */
  public Council get(String name) {
    Council c = byName.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no council named '" + name + "'; councils: " + names()
          + " (add councils/" + name + ".json to the class path or define a Council bean with that id)");
    }
    return c;
  }

  /** The council named {@code name}, or empty. */
  public Optional<Council> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The names of all councils, sorted. */
  public Set<String> names() {
    return new java.util.TreeSet<>(byName.keySet());
  }

  /** All councils. */
  public Collection<Council> all() {
    return byName.values();
  }
}
