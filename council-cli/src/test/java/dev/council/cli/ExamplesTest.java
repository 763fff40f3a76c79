package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.cli.Cli.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every council in examples/ validates and runs to completion on a machine without API keys. */
class ExamplesTest {
  static Stream<String> examples() throws IOException {
    try (Stream<Path> files = Files.list(Cli.examples())) {
      return files.filter(f -> f.toString().endsWith(".json")).map(Path::toString).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void runsOfflineToCompletion(String file) {
    Outcome r = Cli.run("run", file, "--question", "Should we adopt a four-day week?", "--offline", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Cli.json(r.out())).containsEntry("status", "COMPLETED");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void validates(String file) {
    Outcome r = Cli.run("validate", file);

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("valid: ");
  }
}
