package dev.council.bench;

import java.util.Collection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** How the report mains run JMH: the command line's options, with allocation and CPU-time profilers. */
final class ProfiledRun {
  private ProfiledRun() {}

  /**
   * Runs JMH with {@code args} plus {@link GCProfiler} and {@link CpuTimeProfiler}; without a benchmark
   * pattern in {@code args}, every method of {@code benchmark}. Blocks until JMH is done.
   */
  static Collection<RunResult> run(String[] args, Class<?> benchmark)
      throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(args);
    ChainedOptionsBuilder builder = new OptionsBuilder().parent(cli)
        .addProfiler(GCProfiler.class)
        .addProfiler(CpuTimeProfiler.class);
    if (cli.getIncludes().isEmpty()) {
      builder.include("\\." + benchmark.getSimpleName() + "\\.");
    }
    return new Runner(builder.build()).run();
  }
}
