package dev.council.cli;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.InvalidCouncilException;
import dev.council.api.ValidationError;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.json.Councils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads council files and configuration for the commands, turning every problem into a {@link
 * CouncilException} whose message says what was wrong and how to fix it. Stateless; reads files.
 */
final class CouncilFiles {
  private CouncilFiles() {}

  /**
   * The council in {@code file}.
   *
   * @throws CouncilException when the file cannot be read, is not JSON, or is not shaped like a council
   */
  static Council read(Path file) {
    try {
      return Councils.fromJson(file);
    } catch (InvalidCouncilException e) {
      List<ValidationError> errors = e.errors();
      if (errors.size() == 1 && errors.getFirst().code().equals("unreadable_file")) {
        throw new CouncilException(ErrorKind.VALIDATION, errors.getFirst().message());
      }
      throw new CouncilException(ErrorKind.VALIDATION, file + " is not a valid council file ("
          + problems(errors.size()) + "):" + System.lineSeparator() + lines(errors)
          + "Fix the file, then check it with: council validate " + file);
    }
  }

  /**
   * Configuration from {@code council.*} system properties, {@code COUNCIL_*} variables of {@code env}
   * and, when given, the properties file {@code configFile} (else {@code council.properties} on the class
   * path).
   *
   * @throws CouncilException when the properties file cannot be read
   */
  static CouncilConfig config(@Nullable Path configFile, Map<String, String> env) {
    CouncilConfig.Builder b = CouncilConfig.builder().environment(env);
    if (configFile != null) {
      if (!Files.isRegularFile(configFile) || !Files.isReadable(configFile)) {
        throw new CouncilException(ErrorKind.VALIDATION, "cannot read configuration file " + configFile
            + ": " + (Files.exists(configFile) ? "it is not a readable file" : "no such file")
            + "; check the --config path (a properties file with council.* keys)");
      }
      b.propertiesFile(configFile);
    }
    return b.build();
  }

  /** The message for a council the engine found invalid. */
  static String invalid(Council council, Path file, List<ValidationError> errors) {
    return "council '" + council.id() + "' in " + file + " is invalid (" + problems(errors.size()) + "):"
        + System.lineSeparator() + lines(errors)
        + "Fix the council file (check it with: council validate " + file + "), then run it again.";
  }

  /** Each error on its own line as {@code path: [code] message}, indented. */
  static String lines(List<ValidationError> errors) {
    StringBuilder sb = new StringBuilder();
    for (ValidationError e : errors) {
      sb.append("  ").append(e.path()).append(": [").append(e.code()).append("] ").append(e.message())
          .append(System.lineSeparator());
    }
    return sb.toString();
  }

  static String problems(int n) {
    return n + (n == 1 ? " problem" : " problems");
  }
}
