package dev.council.engine.internal.catalog;

import dev.council.api.Council;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Profile;
import dev.council.api.ValidationError;
import dev.council.api.config.ConfigException;
import dev.council.engine.json.Councils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fills the name registry from configuration: every {@code *.json} file of a councils folder (one council
 * each, registered under its {@code id}) and of a profiles folder (a profile object or an array of them).
 * Names registered in code win: a file's council or profile is added only when its name is free. Problems
 * are collected across all files and thrown together, each as {@code <file>: <path>: <code>: <message>}.
 *
 * <p>Stateless; reads the folders once, at engine build, on the calling thread.
 */
public final class ConfiguredNames {
  private ConfiguredNames() {}

  /**
   * Reads both folders (either may be null) into {@code names}.
   *
   * @param councilsKey the configuration key of the councils folder, named in messages
   * @param profilesKey the configuration key of the profiles folder, named in messages
   * @throws ConfigException listing every unreadable folder, unreadable or invalid file, and duplicate name
   */
  public static void load(RegisteredNames names, String councilsKey, @org.jspecify.annotations.Nullable String councilsDir,
      String profilesKey, @org.jspecify.annotations.Nullable String profilesDir) {
    List<String> problems = new ArrayList<>();
    Map<String, Profile> profiles = new LinkedHashMap<>();
    Map<String, Path> profileFiles = new LinkedHashMap<>();
    for (Path file : files(profilesKey, profilesDir, problems)) {
      try {
        for (Profile p : Councils.profilesFromJson(file)) {
          Path earlier = profileFiles.putIfAbsent(p.name(), file);
          if (earlier != null) {
            problems.add(file + ": name: duplicate_profile: profile '" + p.name() + "' is also defined in "
                + earlier + "; give each profile one file or distinct names");
          } else {
            profiles.put(p.name(), p);
          }
        }
      } catch (InvalidCouncilException e) {
        report(file, e, problems);
      }
    }
    Map<String, Council> councils = new LinkedHashMap<>();
    Map<String, Path> councilFiles = new LinkedHashMap<>();
    for (Path file : files(councilsKey, councilsDir, problems)) {
      try {
        Council c = Councils.fromJson(file);
        Path earlier = councilFiles.putIfAbsent(c.id(), file);
        if (earlier != null) {
          problems.add(file + ": id: duplicate_council: council '" + c.id() + "' is also defined in " + earlier
              + "; councils are registered by id, so give each a distinct id");
        } else {
          councils.put(c.id(), c);
        }
      } catch (InvalidCouncilException e) {
        report(file, e, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    profiles.values().forEach(names::profileIfAbsent);
    councils.forEach(names::councilIfAbsent);
  }

  private static void report(Path file, InvalidCouncilException e, List<String> problems) {
    for (ValidationError err : e.errors()) {
      problems.add(file + ": " + err.path() + ": " + err.code() + ": " + err.message());
    }
  }

  private static List<Path> files(String key, @org.jspecify.annotations.Nullable String dir, List<String> problems) {
    if (dir == null || dir.isBlank()) {
      return List.of();
    }
    Path folder = Path.of(dir.trim());
    if (!Files.isDirectory(folder)) {
      problems.add(key + " is '" + dir + "' but that is not a readable folder; point it at a folder of *.json"
          + " files, or unset it");
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      problems.add(key + " is '" + dir + "' but it cannot be listed: " + e.getMessage());
      return List.of();
    }
  }
}
