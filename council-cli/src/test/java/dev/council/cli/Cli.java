package dev.council.cli;

import dev.council.engine.json.JsonOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process with captured streams and a given environment. */
final class Cli {
  private Cli() {}

  /**
   * What one invocation produced.
   *
   * @param code the exit code
   * @param out standard output
   * @param err standard error
   */
  record Outcome(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
  }

  /** Runs with an empty environment: no API keys, no COUNCIL_* settings. */
  static Outcome run(String... args) {
    return run(Map.of(), args);
  }

  static Outcome run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = CouncilCli.execute(args, o, e, env);
    }
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Parses a JSON object printed by the CLI. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String text) {
    return (Map<String, Object>) JsonOutput.parse(text);
  }

  /** The repository's {@code examples} directory, found from the working directory upwards. */
  static Path examples() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("examples");
      if (Files.isRegularFile(candidate.resolve("advisor.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("examples/advisor.json not found above " + Path.of("").toAbsolutePath());
  }

  static String example(String name) {
    return examples().resolve(name).toString();
  }

  static Path write(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
