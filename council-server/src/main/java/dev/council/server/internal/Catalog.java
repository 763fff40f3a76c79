package dev.council.server.internal;

import dev.council.api.Council;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Member;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import dev.council.api.json.JsonMapping;
import dev.council.engine.CouncilEngine;
import dev.council.engine.diagram.Diagrams;
import dev.council.engine.json.Councils;
import dev.council.server.ProviderCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The councils the server runs by name: every {@code NAME.json} of its councils folder (read again on
 * each request, so edited and added files are served without a restart) plus councils given in code.
 * Thread-safe; reads files.
 *
 * <p>Each council's providers are checked as it is read ({@link ProviderCheck}: does the provider have its
 * API key here?). With the offline fallback on, a council none of whose providers can be used here (other
 * than the offline {@code simulated} and {@code mock}) runs on the {@code simulated} provider instead, and
 * its entry says so ({@code offline}); a council with some usable and some unusable providers is not
 * changed and cannot be started until they are configured — as {@code council run} decides by default.
 */
final class Catalog {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** The offline provider the fallback substitutes. */
  static final String SIMULATED = "simulated";

  /**
   * A council file read, or the problems that kept it from being read.
   *
   * @param council the council as it runs here (members moved to {@code simulated} when {@code offline})
   * @param providers each provider id the council's members use, with why it cannot be used here, or
   *     null when it can
   * @param offline whether the council's members run on the simulated provider because none of its
   *     providers can be used here
   * @param notices lines saying what was substituted and why; empty when nothing was
   */
  record Entry(String name, @Nullable Council council, List<ValidationError> problems,
      Map<String, @Nullable String> providers, boolean offline, List<String> notices) {
    Entry(String name, @Nullable Council council, List<ValidationError> problems) {
      this(name, council, problems, Map.of(), false, List.of());
    }

    /** Providers that cannot be used here and were not replaced: runs of this council would fail. */
    Map<String, String> unusable() {
      Map<String, String> out = new LinkedHashMap<>();
      if (!offline) {
        providers.forEach((id, problem) -> {
          if (problem != null) {
            out.put(id, problem);
          }
        });
      }
      return out;
    }

    /** Whether a run can be started: the council validates and every provider it uses can be used. */
    boolean ready() {
      return council != null && problems.isEmpty() && unusable().isEmpty();
    }
  }

  private final CouncilEngine engine;
  private final @Nullable Path dir;
  private final Map<String, Council> given;
  private final ProviderCheck check;
  private final boolean offlineFallback;

  Catalog(CouncilEngine engine, @Nullable Path dir, Map<String, Council> given, ProviderCheck check,
      boolean offlineFallback) {
    this.engine = engine;
    this.dir = dir;
    this.given = Map.copyOf(given);
    this.check = check;
    this.offlineFallback = offlineFallback;
  }

  /** Every council by name, sorted, each with its problems (shape or validation). */
  List<Entry> all() {
    Map<String, Entry> out = new TreeMap<>();
    if (dir != null && Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
          String name = stem(f);
          if (NAME.matcher(name).matches()) {
            out.put(name, read(name, f));
          }
        }
      } catch (IOException e) {
        // an unreadable folder serves no file councils
      }
    }
    given.forEach((name, c) -> out.put(name, entry(name, c)));
    return List.copyOf(out.values());
  }

  /** The council named {@code name}, if served. */
  Optional<Entry> find(String name) {
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    Council c = given.get(name);
    if (c != null) {
      return Optional.of(entry(name, c));
    }
    if (dir == null) {
      return Optional.empty();
    }
    Path f = dir.resolve(name + ".json");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    return Optional.of(read(name, f));
  }

  private Entry read(String name, Path f) {
    try {
      return entry(name, Councils.fromJson(f));
    } catch (InvalidCouncilException e) {
      return new Entry(name, null, e.errors());
    } catch (RuntimeException e) {
      return new Entry(name, null, List.of(new ValidationError("$", "unreadable_file",
          "the council file " + f.getFileName() + " cannot be read: " + e.getMessage())));
    }
  }

  /** Checks the council's providers and, when none can be used and the fallback is on, simulates them. */
  private Entry entry(String name, Council council) {
    Map<String, List<String>> seats = new LinkedHashMap<>();
    collect(council, seats);
    Map<String, @Nullable String> providers = new LinkedHashMap<>();
    Set<String> unusable = new LinkedHashSet<>();
    boolean usableReal = false;
    for (String id : seats.keySet()) {
      if (isOffline(id)) {
        providers.put(id, null);
        continue;
      }
      String problem = check.problem(id).orElse(null);
      providers.put(id, problem);
      if (problem == null) {
        usableReal = true;
      } else {
        unusable.add(id);
      }
    }
    if (!offlineFallback || unusable.isEmpty() || usableReal) {
      return new Entry(name, council, engine.validate(council), providers, false, List.of());
    }
    List<String> notices = new ArrayList<>();
    notices.add("[offline] council '" + name + "': no provider of it can be used here, so its members run on the"
        + " simulated provider (their answers are simulated)");
    for (String id : unusable) {
      notices.add("[offline] council '" + name + "': provider '" + id + "' cannot be used: " + providers.get(id)
          + " (members " + String.join(", ", seats.get(id)) + ")");
    }
    Council simulated = rewrite(council, unusable);
    return new Entry(name, simulated, engine.validate(simulated), providers, true, notices);
  }

  private boolean isOffline(String providerId) {
    String type = engine.config().get("council.providers." + providerId + ".type").orElse(providerId);
    return type.equals(SIMULATED) || type.equals("mock");
  }

  /** The effective provider id of every model-calling member (sub-councils included) → member ids. */
  private void collect(Council c, Map<String, List<String>> out) {
    for (Member m : seatsOf(c)) {
      if (m.subCouncil() != null) {
        collect(m.subCouncil(), out);
      } else if (!m.isSubCouncil()) {
        String provider = engine.effectiveOptions(c, m).provider();
        if (provider != null) {
          out.computeIfAbsent(provider, k -> new ArrayList<>()).add("'" + m.id() + "'");
        }
      }
    }
  }

  private Council rewrite(Council c, Set<String> replace) {
    List<Member> members = new ArrayList<>();
    for (Member m : c.members()) {
      members.add(rewrite(c, m, replace));
    }
    Member chair = c.chair() == null ? null : rewrite(c, c.chair(), replace);
    return new Council(c.id(), c.description(), members, c.rounds(), chair, c.router(), c.defaultProfile(),
        c.profiles(), c.tools(), c.options());
  }

  private Member rewrite(Council c, Member m, Set<String> replace) {
    if (m.subCouncil() != null) {
      return m.toBuilder().subCouncil(rewrite(m.subCouncil(), replace)).build();
    }
    if (m.isSubCouncil()) {
      return m;
    }
    String provider = engine.effectiveOptions(c, m).provider();
    return provider != null && replace.contains(provider) ? m.toBuilder().provider(SIMULATED).build() : m;
  }

  private static List<Member> seatsOf(Council c) {
    List<Member> all = new ArrayList<>(c.members());
    if (c.chair() != null) {
      all.add(c.chair());
    }
    return all;
  }

  /** The list form: name, id, description, members, rounds, valid, problems. */
  static Map<String, Object> summary(Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    Council c = e.council();
    m.put("name", e.name());
    m.put("id", c == null ? null : c.id());
    m.put("description", c == null ? null : c.description());
    List<Object> members = new ArrayList<>();
    List<Object> rounds = new ArrayList<>();
    if (c != null) {
      for (Member mem : c.members()) {
        members.add(mem.id());
      }
      for (Round r : c.rounds()) {
        rounds.add(r.type());
      }
    }
    m.put("members", members);
    m.put("chair", c == null || c.chair() == null ? null : c.chair().id());
    m.put("rounds", rounds);
    m.put("valid", c != null && e.problems().isEmpty());
    m.put("problems", problems(e.problems()));
    m.put("offline", e.offline());
    m.put("ready", e.ready());
    m.put("providers", providers(e));
    m.put("notices", e.notices());
    return m;
  }

  /** The detail form: the summary, the council as JSON, its Mermaid and ASCII diagrams. */
  static Map<String, Object> detail(Entry e) {
    Map<String, Object> m = summary(e);
    Council c = e.council();
    m.put("council", c == null ? null : Councils.toTree(c));
    m.put("mermaid", c == null ? null : Diagrams.mermaid(c));
    m.put("ascii", c == null ? null : Diagrams.ascii(c));
    return m;
  }

  /** Each provider the council uses: {@code {id, usable, problem, simulated}}. */
  static List<Object> providers(Entry e) {
    List<Object> out = new ArrayList<>();
    e.providers().forEach((id, problem) -> {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", id);
      p.put("usable", problem == null);
      p.put("problem", problem);
      p.put("simulated", e.offline() && problem != null);
      out.add(p);
    });
    return out;
  }

  static List<Object> problems(List<ValidationError> errors) {
    List<Object> out = new ArrayList<>();
    for (ValidationError v : errors) {
      out.add(JsonMapping.toTree(v));
    }
    return out;
  }

  private static String stem(Path f) {
    String n = f.getFileName().toString();
    return n.substring(0, n.length() - ".json".length());
  }
}
