package dev.council.bench;

import dev.council.api.Council;
import dev.council.engine.CouncilEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Benchmarks your own council file ({@link CouncilFileBenchmark}) and prints a Markdown table in the format
 * of docs/benchmarks.md: µs per run one at a time, runs per second with {@value
 * CouncilFileBenchmark#IN_FLIGHT} in flight, and the CPU time and allocation of a run.
 *
 * <pre>
 * java -cp benchmarks.jar dev.council.bench.CouncilReport COUNCIL.json [--latency 200ms] [--config FILE]
 *     [--configured] [--question TEXT] [JMH options such as -wi 3 -i 5 -r 2s]
 * </pre>
 *
 * <p>Without {@code --configured} every provider of the council is replaced by the offline simulated
 * provider answering after {@code --latency} (default {@code 0ms}); with it, the providers configured in
 * {@code --config}, {@code council.*} system properties and {@code COUNCIL_*} variables are called for
 * real. The council is checked with one run before JMH starts. Blocks until JMH is done.
 */
public final class CouncilReport {
  private CouncilReport() {}

  /** The options of one report: the benchmark's parameters and the arguments left for JMH. */
  record Options(Path councilFile, @Nullable Path config, OwnCouncil.ProviderMode mode, Duration latency,
      String question, List<String> jmhArgs) {

    static Options parse(String[] args) {
      Path file = null;
      Path config = null;
      OwnCouncil.ProviderMode mode = OwnCouncil.ProviderMode.STAND_IN;
      String latency = "0ms";
      String question = "Should we migrate our monolith to microservices?";
      List<String> jmh = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--latency" -> latency = value(args, ++i, a);
          case "--config" -> config = Path.of(value(args, ++i, a));
          case "--configured" -> mode = OwnCouncil.ProviderMode.CONFIGURED;
          case "--question" -> question = value(args, ++i, a);
          default -> {
            if (file == null && !a.startsWith("-")) {
              file = Path.of(a);
            } else {
              jmh.add(a);
            }
          }
        }
      }
      if (file == null) {
        throw new IllegalArgumentException("usage: CouncilReport COUNCIL.json [--latency 200ms] [--config FILE]"
            + " [--configured] [--question TEXT] [JMH options]");
      }
      Duration parsed = OwnCouncil.latency(latency);
      if (mode == OwnCouncil.ProviderMode.CONFIGURED && !parsed.isZero()) {
        throw new IllegalArgumentException("--latency applies to the stand-in provider only; drop it with"
            + " --configured (your providers take the time they take)");
      }
      return new Options(file, config, mode, parsed, question, List.copyOf(jmh));
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }

  /** Runs the report with the command line's arguments; exit status 2 on a usage or council problem. */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    int status;
    try {
      status = run(args, System.out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      status = 2;
    }
    System.exit(status);
  }

  /**
   * Checks the council with one run, runs JMH, and prints the table to {@code out}.
   *
   * @return 0, or 1 when JMH produced no result
   * @throws IllegalArgumentException when the arguments, files or council are wrong (the message says how)
   * @throws IllegalStateException when the council's check run does not complete
   */
  public static int run(String[] args, PrintStream out) throws RunnerException, CommandLineOptionException {
    Options o = Options.parse(args);
    OwnCouncil own = OwnCouncil.load(o.councilFile(), o.config(), o.mode(), o.latency());
    int calls;
    try (CouncilEngine engine = own.engine()) {
      calls = OwnCouncil.checkRun(engine, own.council(), Map.of("question", o.question()));
    }
    CommandLineOptions cli = new CommandLineOptions(o.jmhArgs().toArray(String[]::new));
    ChainedOptionsBuilder builder = new OptionsBuilder().parent(cli)
        .param("councilFile", o.councilFile().toString())
        .param("config", o.config() == null ? "none" : o.config().toString())
        .param("provider", o.mode().label())
        .param("latency", o.latency().toMillis() + "ms")
        .param("question", o.question())
        .addProfiler(GCProfiler.class)
        .addProfiler(CpuTimeProfiler.class);
    if (cli.getIncludes().isEmpty()) {
      builder.include("\\." + CouncilFileBenchmark.class.getSimpleName() + "\\.");
    }
    Collection<RunResult> results = new Runner(builder.build()).run();
    RunResult one = null;
    RunResult many = null;
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      switch (benchmark.substring(benchmark.lastIndexOf('.') + 1)) {
        case "run" -> one = r;
        case "inFlight" -> many = r;
        default -> { }
      }
    }
    if (one == null && many == null) {
      out.println("JMH produced no results for " + CouncilFileBenchmark.class.getSimpleName());
      return 1;
    }
    out.println();
    out.println(table(own.council(), o, calls, one, many));
    return 0;
  }

  static String table(Council council, Options o, int calls, @Nullable RunResult one, @Nullable RunResult many) {
    String providers = o.mode() == OwnCouncil.ProviderMode.STAND_IN
        ? "stand-in, " + o.latency().toMillis() + " ms" : "configured";
    double cpuNanos = secondary(one, "cpu.time.norm");
    double bytes = secondary(one, "gc.alloc.rate.norm");
    StringBuilder sb = new StringBuilder();
    sb.append("| council | providers | member calls/run | µs/run, one at a time | runs/s, ")
        .append(CouncilFileBenchmark.IN_FLIGHT).append(" in flight | CPU µs/run | KB allocated/run | B/member call |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    sb.append(String.format(Locale.ROOT, "| %s (`%s`) | %s | %d | %s | %s | %s | %s | %s |", council.id(),
        o.councilFile().getFileName(), providers, calls, mean(one, "%,.1f ± %,.1f"), mean(many, "%,.0f ± %,.0f"),
        fixed(cpuNanos / 1000, "%,.1f"), fixed(bytes / 1024, "%,.1f"),
        calls == 0 ? "n/a" : fixed(bytes / calls, "%,.0f")));
    return sb.toString();
  }

  private static String mean(@Nullable RunResult r, String format) {
    if (r == null) {
      return "n/a";
    }
    double error = r.getPrimaryResult().getScoreError();
    return String.format(Locale.ROOT, format, r.getPrimaryResult().getScore(), Double.isNaN(error) ? 0.0 : error);
  }

  private static String fixed(double value, String format) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }

  /** The median iteration of a profiler's result, NaN when the profiler reported nothing. */
  private static double secondary(@Nullable RunResult r, String label) {
    if (r == null) {
      return Double.NaN;
    }
    for (String key : r.getSecondaryResults().keySet()) {
      if (key.endsWith(label)) {
        return r.getSecondaryResults().get(key).getStatistics().getPercentile(50);
      }
    }
    return Double.NaN;
  }
}
