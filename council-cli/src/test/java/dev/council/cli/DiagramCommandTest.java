package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.cli.Cli.Outcome;
import dev.council.engine.diagram.Diagrams;
import dev.council.engine.json.Councils;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiagramCommandTest {
  private final Council advisor = Councils.fromJson(Path.of(Cli.example("advisor.json")));

  @Test
  void mermaidIsTheDefault() {
    Outcome r = Cli.run("diagram", Cli.example("advisor.json"));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(Diagrams.mermaid(advisor)).startsWith("flowchart TB");
    assertThat(Cli.run("diagram", Cli.example("advisor.json"), "--mermaid").out()).isEqualTo(r.out());
  }

  @Test
  void asciiOnRequest() {
    Outcome r = Cli.run("diagram", Cli.example("advisor.json"), "--ascii");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(Diagrams.ascii(advisor)).startsWith("council advisor");
  }

  @Test
  void bothFormatsAtOnceIsBadUsage() {
    Outcome r = Cli.run("diagram", Cli.example("advisor.json"), "--ascii", "--mermaid");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("mutually exclusive", "Usage: council diagram");
  }
}
