package dev.council.cli;

import dev.council.api.Council;
import dev.council.engine.diagram.Diagrams;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code council diagram FILE}: prints a council's topology. One instance per invocation; pure apart from reading the file. */
@Command(name = "diagram", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Prints a council's topology: a Mermaid flowchart (default; paste it into a Markdown file or"
        + " mermaid.live) or ASCII art.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the diagram was printed", "2:bad usage, or the file cannot be read as a council"})
final class DiagramCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(index = "0", paramLabel = "FILE", description = "The council file (JSON).")
  @Nullable Path file;

  @ArgGroup(exclusive = true)
  @Nullable Format format;

  /** The mutually exclusive format flags. */
  static final class Format {
    @Option(names = "--mermaid", description = "A Mermaid flowchart (the default).")
    boolean mermaid;

    @Option(names = "--ascii", description = "ASCII art for a terminal.")
    boolean ascii;
  }

  DiagramCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Council council = CouncilFiles.read(Objects.requireNonNull(file, "file"));
    boolean ascii = format != null && format.ascii;
    ctx.out().print(ascii ? Diagrams.ascii(council) : Diagrams.mermaid(council));
    ctx.out().flush();
    return CouncilCli.OK;
  }
}
