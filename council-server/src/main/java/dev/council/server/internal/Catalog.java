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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The councils the server runs by name: every {@code NAME.json} of its councils folder (read again on
 * each request, so edited and added files are served without a restart) plus councils given in code.
 * Thread-safe; reads files.
 */
final class Catalog {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** A council file read, or the problems that kept it from being read. */
  record Entry(String name, @Nullable Council council, List<ValidationError> problems) {}

  private final CouncilEngine engine;
  private final @Nullable Path dir;
  private final Map<String, Council> given;

  Catalog(CouncilEngine engine, @Nullable Path dir, Map<String, Council> given) {
    this.engine = engine;
    this.dir = dir;
    this.given = Map.copyOf(given);
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
    given.forEach((name, c) -> out.put(name, new Entry(name, c, engine.validate(c))));
    return List.copyOf(out.values());
  }

  /** The council named {@code name}, if served. */
  Optional<Entry> find(String name) {
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    Council c = given.get(name);
    if (c != null) {
      return Optional.of(new Entry(name, c, engine.validate(c)));
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
      Council c = Councils.fromJson(f);
      return new Entry(name, c, engine.validate(c));
    } catch (InvalidCouncilException e) {
      return new Entry(name, null, e.errors());
    } catch (RuntimeException e) {
      return new Entry(name, null, List.of(new ValidationError("$", "unreadable_file",
          "the council file " + f.getFileName() + " cannot be read: " + e.getMessage())));
    }
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
