package dev.council.engine.json;

import dev.council.api.Council;
import dev.council.api.Profile;
import dev.council.api.InvalidCouncilException;
import dev.council.api.ValidationError;
import dev.council.engine.internal.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Councils as JSON: one object with camelCase keys. A member's (or profile's) options sit flat on it
 * ({@code provider, model, temperature, maxTokens, stream, retry, timeout, tools, outputSchema,
 * outputSchemaRef, confidence, weight}, provider-specific extras under {@code options}); a nested council
 * is a full council object under {@code subCouncil}; a round is {@code {type, name, options, rounds}},
 * with {@code name} left out when it equals the type. Durations are written {@code "30s"},
 * {@code "500ms"}, {@code "1m"} and read in those forms, ISO-8601 or plain milliseconds.
 *
 * <p>Reading builds the council with its canonical constructor: the rounds are exactly those listed (no
 * synthesis round is added for a chair). Numbers read from JSON become {@code Integer}, {@code Long} or
 * {@code Double} in free-form maps, so {@code fromJson(toJson(c)).equals(c)} holds for councils whose
 * free-form values use those types, and {@code toJson(fromJson(toJson(c)))} always equals
 * {@code toJson(c)}. Malformed JSON and every problem in a well-formed document are reported together in
 * one {@link InvalidCouncilException} whose errors carry a path ({@code members[2].temprature}) and a
 * code: {@code malformed_json}, {@code unknown_field}, {@code invalid_type}, {@code missing_field},
 * {@code invalid_value}, {@code unreadable_file}. These checks cover the document's shape only; {@code
 * CouncilEngine.validate} checks meaning (known providers, unique ids, ...).
 *
 * <p>Stateless and thread-safe; only {@link #fromJson(Path)} performs I/O.
 */
public final class Councils {
  private Councils() {}

  /**
   * Reads a council from JSON text.
   *
   * @throws InvalidCouncilException listing every problem found
   */
  public static Council fromJson(String json) {
    return CouncilReader.read(parse(json, "JSON"));
  }

  /**
   * Reads a council from a UTF-8 JSON file.
   *
   * @throws InvalidCouncilException listing every problem found, or code {@code unreadable_file} when the
   *     file cannot be read
   */
  public static Council fromJson(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
      throw new InvalidCouncilException(CouncilReader.UNKNOWN_ID, List.of(new ValidationError("$",
          "unreadable_file", "cannot read council file " + file + ": " + why
              + "; check the path and that the file is readable")));
    }
    return CouncilReader.read(parse(json, "JSON in " + file));
  }

  /**
   * Reads profiles from a UTF-8 JSON file holding one profile object ({@code {"name": ..., "provider": ...,
   * "model": ...}} with any member option) or an array of them.
   *
   * @throws InvalidCouncilException listing every problem found (paths like {@code [1].temperature}), or code
   *     {@code unreadable_file} when the file cannot be read
   */
  public static List<Profile> profilesFromJson(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
      throw new InvalidCouncilException(CouncilReader.UNKNOWN_ID, List.of(new ValidationError("$",
          "unreadable_file", "cannot read profile file " + file + ": " + why
              + "; check the path and that the file is readable")));
    }
    return CouncilReader.readProfiles(parse(json, "JSON in " + file));
  }

  /** The council as pretty-printed JSON (two-space indent, {@code "\n"} line ends). */
  public static String toJson(Council council) {
    return JsonOutput.pretty(toTree(council));
  }

  /** The council as a plain tree, the same data {@link #toJson} writes. */
  public static Map<String, Object> toTree(Council council) {
    return CouncilWriter.council(council);
  }

  /**
   * Reads a council from a plain tree (maps, lists, strings, numbers, booleans, null) with the shape
   * {@link #toJson} writes.
   *
   * @throws InvalidCouncilException listing every problem found
   */
  public static Council fromTree(Map<String, ?> tree) {
    return CouncilReader.read(tree);
  }

  private static @Nullable Object parse(String json, String what) {
    return Json.parse(json, m -> new InvalidCouncilException(CouncilReader.UNKNOWN_ID, List.of(new ValidationError(
        "$", "malformed_json", "malformed " + what + " at " + m.position() + ": " + m.reason() + ". Hint: "
            + m.hint() + "."))));
  }
}
