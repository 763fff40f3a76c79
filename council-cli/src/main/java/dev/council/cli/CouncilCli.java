package dev.council.cli;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code council} command: {@code run}, {@code validate} and {@code diagram} a council file; and, for
 * a cluster, {@code runs}, {@code watch}, {@code cancel} and {@code terminate} runs of any node; {@code
 * plugins} lists the plugins found, those of the plugins folder ({@code --plugins DIR} or {@code
 * COUNCIL_PLUGINS}) included.
 *
 * <p>Exit codes: {@value #OK} when the command succeeded (the run completed, the council is valid, the run
 * was cancelled or terminated), {@value #RUN_FAILED} when the run failed or was cancelled (or, for {@code
 * cancel}, had already ended), {@value #USAGE} for bad usage, an unreadable or invalid council file,
 * malformed JSON, an unknown or unusable provider, a missing cluster configuration or an unreachable
 * cluster, {@value #UNKNOWN_RUN} when a cluster command names a run no node knows. Every failure prints a
 * message saying what was wrong and how to fix it; no stack trace is ever printed.
 *
 * <p>{@link #execute} runs one command on the calling thread and blocks until it ends; it never calls
 * {@link System#exit} and may be called concurrently (each call has its own command objects).
 */
@Command(name = "council", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {"Runs multi-model LLM councils defined in JSON files.",
        "In a cluster (docs/clustering.md), lists, watches, cancels and terminates the runs of any node."},
    commandListHeading = "%nCommands:%n",
    footer = {"", "Start with: council run examples/advisor.json --question \"Should we migrate to microservices?\"",
        "Details of a command: council help COMMAND (or council COMMAND --help)."})
public final class CouncilCli implements Callable<Integer> {
  /** The command succeeded. */
  public static final int OK = 0;
  /** The run failed or was cancelled. */
  public static final int RUN_FAILED = 1;
  /** Bad usage, an unreadable or invalid council file, or an unknown or unusable provider. */
  public static final int USAGE = 2;
  /** A cluster command named a run no node of the cluster knows. */
  public static final int UNKNOWN_RUN = 3;

  @Spec
  @Nullable CommandSpec spec;

  private final CliContext ctx;

  private CouncilCli(CliContext ctx) {
    this.ctx = ctx;
  }

  /** {@code --plugins DIR}: the plugins folder, instead of {@code COUNCIL_PLUGINS}. */
  @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "A folder of plugin jars (providers, recorders, ...) to load besides the built-in ones;"
          + " default: the COUNCIL_PLUGINS variable. See 'council plugins'.")
  void plugins(Path dir) {
    ctx.plugins().select(dir);
  }

  /** Runs the command given by {@code args} against the real streams and environment, then exits the JVM. */
  public static void main(String[] args) {
    System.exit(execute(new CliContext(System.out, System.err, System.getenv(), true), args));
  }

  /**
   * Runs the command given by {@code args} and returns its exit code.
   *
   * @param out standard output
   * @param err standard error
   * @param env the environment variables to use instead of the process's
   */
  public static int execute(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return execute(new CliContext(out, err, env, false), args);
  }

  private static int execute(CliContext plain, String[] args) {
    // exports (and is flushed and shut down below) only when the standard OTEL_* variables ask for it
    CliTelemetry telemetry = CliTelemetry.start(plain.env());
    CliContext ctx = plain.withOpenTelemetry(telemetry.openTelemetry());
    try {
      CommandLine cl = new CommandLine(new CouncilCli(ctx));
      cl.addSubcommand("run", new RunCommand(ctx));
      cl.addSubcommand("validate", new ValidateCommand(ctx));
      cl.addSubcommand("diagram", new DiagramCommand(ctx));
      cl.addSubcommand("runs", new RunsCommand(ctx));
      cl.addSubcommand("watch", new WatchCommand(ctx));
      cl.addSubcommand("cancel", new CancelCommand(ctx));
      cl.addSubcommand("terminate", new TerminateCommand(ctx));
      cl.addSubcommand("plugins", new PluginsCommand(ctx));
      cl.addSubcommand("serve", new ServeCommand(ctx));
      cl.addSubcommand("help", new HelpCommand());
      cl.setOut(writer(ctx.out()));
      cl.setErr(writer(ctx.err()));
      cl.setParameterExceptionHandler(CouncilCli::usageError);
      cl.setExecutionExceptionHandler((e, cmd, parsed) -> failure(ctx, e));
      return cl.execute(args);
    } catch (RuntimeException | Error e) {
      return failure(ctx, e);
    } finally {
      telemetry.close();
      ctx.plugins().close();
      ctx.out().flush();
      ctx.err().flush();
    }
  }

  /** Without a command there is nothing to do: say which commands exist. */
  @Override
  public Integer call() {
    throw new ParameterException(Objects.requireNonNull(spec, "spec").commandLine(),
        "missing command: use run, validate or diagram (or, in a cluster, runs, watch, cancel or terminate)");
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.print(cmd.getHelp().synopsisHeading() + cmd.getHelp().synopsis(0));
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
    err.flush();
    return USAGE;
  }

  private static int failure(CliContext ctx, Throwable e) {
    if (e instanceof CouncilException ce) {
      ctx.err().println("error: " + ce.getMessage() + ctx.plugins().skippedNote());
      return ce.kind() == ErrorKind.CANCELLED ? RUN_FAILED : USAGE;
    }
    ctx.err().println("error: unexpected " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + ". This is a bug in council; please report it with the command you ran.");
    return RUN_FAILED;
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, stream.charset()), true);
  }
}
