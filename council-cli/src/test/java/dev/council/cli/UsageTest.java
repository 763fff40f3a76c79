package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.cli.Cli.Outcome;
import org.junit.jupiter.api.Test;

class UsageTest {
  @Test
  void noCommandIsBadUsageNamingTheCommands() {
    Outcome r = Cli.run();

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("error: missing command: use run, validate or diagram", "Usage: council",
        "Run 'council --help' for the options.");
  }

  @Test
  void runWithoutAFileIsBadUsageWithAHint() {
    Outcome r = Cli.run("run", "--question", "Q?");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("error: Missing required parameter: 'FILE'", "Usage: council run",
        "Run 'council run --help' for the options.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anUnknownOptionIsBadUsageWithASuggestion() {
    Outcome r = Cli.run("run", Cli.example("advisor.json"), "--questoin", "Q?");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("error: Unknown options: '--questoin'", "Possible solutions: --question",
        "Usage: council run");
  }

  @Test
  void anUnknownCommandIsBadUsage() {
    Outcome r = Cli.run("runn", "x.json");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched arguments", "run");
  }

  @Test
  void helpListsTheCommands() {
    Outcome r = Cli.run("--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: council", "run", "validate", "diagram", "council run examples/advisor.json");
  }

  @Test
  void runHelpDescribesEveryOptionAndTheExitCodes() {
    Outcome r = Cli.run("run", "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: council run", "FILE", "--question", "--input", "--json", "--verbose",
        "--debug", "--config", "--offline", "--provider-fallback", "--no-fallback", "--max-tokens",
        "Exit codes:", "0   the run completed", "1   the run failed or was cancelled", "2   bad usage");
    assertThat(Cli.run("help", "run").out()).isEqualTo(r.out());
  }

  @Test
  void versionNamesTheBuildAndJava() {
    Outcome r = Cli.run("--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).containsPattern("council \\d+\\.\\d+\\.\\d+").contains("Java ");
  }
}
