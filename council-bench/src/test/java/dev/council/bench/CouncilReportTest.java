package dev.council.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Benchmark your own council": the harness runs a user's council file under JMH (a tiny iteration count,
 * in this JVM) and prints the Markdown table docs/benchmarks.md describes.
 */
class CouncilReportTest {
  private static final Path ADVISOR = Path.of("..", "examples", "advisor.json");
  /** One short measured iteration, no warm-up, no fork: seconds, not minutes. */
  private static final List<String> TINY = List.of("-f", "0", "-wi", "0", "-i", "1", "-r", "300ms");

  private static String report(String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String[] all = java.util.stream.Stream.concat(Arrays.stream(args), TINY.stream()).toArray(String[]::new);
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status = CouncilReport.run(all, out);
    }
    assertThat(status).isZero();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String[] row(String table) {
    String row = table.lines().filter(l -> l.startsWith("| advisor")).findFirst().orElseThrow();
    return Arrays.stream(row.split("\\|")).map(String::strip).skip(1).toArray(String[]::new);
  }

  private static double number(String cell) {
    Matcher m = Pattern.compile("^([0-9,]+(?:\\.[0-9]+)?)").matcher(cell);
    assertThat(m.find()).as("a number in '%s'", cell).isTrue();
    return Double.parseDouble(m.group(1).replace(",", ""));
  }

  @Test
  void theExampleAdvisorCouncilGivesTheTableOfTheBenchmarksPage() throws Exception {
    String table = report(ADVISOR.toString());
    assertThat(table).contains("| council | providers | member calls/run | µs/run, one at a time | runs/s, 16 in flight"
        + " | CPU µs/run | KB allocated/run | B/member call |", "|---|---|---:|---:|---:|---:|---:|---:|");
    String[] cells = row(table);
    assertThat(cells[0]).isEqualTo("advisor (`advisor.json`)");
    assertThat(cells[1]).isEqualTo("stand-in, 0 ms");
    // 3 members answer, 3 review each other, the chair synthesizes
    assertThat(cells[2]).isEqualTo("7");
    assertThat(number(cells[3])).as("µs per run").isPositive();
    assertThat(number(cells[4])).as("runs per second").isPositive();
    assertThat(number(cells[6])).as("KB allocated per run").isPositive();
  }

  @Test
  void theStandInsLatencyIsPaidOncePerStepOfTheRun() throws Exception {
    // independent answers, then the peer review, then the synthesis: three calls one after another
    String table = report(ADVISOR.toString(), "--latency", "40ms", "CouncilFileBenchmark.run$");
    String[] cells = row(table);
    assertThat(cells[1]).isEqualTo("stand-in, 40 ms");
    assertThat(number(cells[3])).as("µs per run with 40 ms per call").isGreaterThanOrEqualTo(3 * 40_000);
    assertThat(cells[4]).isEqualTo("n/a");
  }

  @Test
  void withConfiguredProvidersTheSettingsOfTheConfigurationFileApply(@TempDir Path dir) throws Exception {
    // the example's members run on the simulated provider; its configured latency is what the run then pays
    Path config = Files.writeString(dir.resolve("council.properties"), "council.providers.simulated.latency=30ms\n");
    String table = report(ADVISOR.toString(), "--configured", "--config", config.toString(), "CouncilFileBenchmark.run$");
    String[] cells = row(table);
    assertThat(cells[1]).isEqualTo("configured");
    assertThat(number(cells[3])).as("µs per run with 30 ms per call").isGreaterThanOrEqualTo(3 * 30_000);
  }

  @Test
  void aMissingCouncilFileOrABadLatencyIsReportedBeforeJmhStarts(@TempDir Path dir) {
    assertThatThrownBy(() -> report(dir.resolve("nope.json").toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.json").hasMessageContaining("does not exist");
    assertThatThrownBy(() -> report(ADVISOR.toString(), "--latency", "fast"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0ms, 200ms or 1s");
  }

  @Test
  void aCouncilThatDoesNotValidateIsReportedWithItsProblems(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), """
        { "id": "bad", "members": [ { "id": "a", "provider": "simulated", "model": "m" } ],
          "rounds": [ { "type": "no_such_round" } ] }
        """);
    assertThatThrownBy(() -> report(bad.toString()))
        .isInstanceOf(RuntimeException.class).hasMessageContaining("no_such_round");
  }
}
