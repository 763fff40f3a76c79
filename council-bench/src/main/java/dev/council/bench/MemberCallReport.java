package dev.council.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link MemberCallBenchmark} with the GC profiler and prints, per council size, the engine and
 * floor cost per member call, their ratio, and bytes allocated per member call (a Markdown table).
 *
 * <p>Takes JMH's command-line options ({@code -f 1 -wi 3 -w 2s -i 5 -r 2s ...}); without a benchmark
 * pattern it runs every method of {@link MemberCallBenchmark}. Blocks until JMH is done.
 * Exit status 1 when JMH fails or produces no result.
 */
public final class MemberCallReport {
  private MemberCallReport() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(args);
    ChainedOptionsBuilder builder = new OptionsBuilder().parent(cli).addProfiler(GCProfiler.class);
    if (cli.getIncludes().isEmpty()) {
      builder.include("\\." + MemberCallBenchmark.class.getSimpleName() + "\\.");
    }
    Options options = builder.build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Row> rows = new TreeMap<>();
    for (RunResult r : results) {
      int members = Integer.parseInt(r.getParams().getParam("members"));
      String reapAfter = String.valueOf(r.getParams().getParam("reapAfter"));
      String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
      Row row = rows.computeIfAbsent(String.format(Locale.ROOT, "%s/%05d", reapAfter, members),
          k -> new Row(reapAfter, members));
      Measured m = new Measured(r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
          allocNorm(r));
      switch (method) {
        case "engine" -> row.engine = m;
        case "floor" -> row.floor = m;
        case "floorFromCaller" -> row.floorFromCaller = m;
        default -> { }
      }
    }
    if (rows.isEmpty()) {
      System.err.println("JMH produced no results for " + MemberCallBenchmark.class.getSimpleName());
      System.exit(1);
    }
    System.out.println();
    System.out.println("| reap-after | members | calls/run | engine µs/run | floor µs/run | engine ns/call | floor ns/call"
        + " | engine/floor | engine B/call | floor B/call | caller-driven floor ns/call |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row row : rows.values()) {
      System.out.println(row.format());
    }
  }

  private static double allocNorm(RunResult r) {
    for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        return e.getValue().getScore();
      }
    }
    return Double.NaN;
  }

  /** A score (µs per run) with its error, and bytes allocated per run. */
  private record Measured(double micros, double error, double bytes) {}

  /** Engine and floor for one council size. */
  private static final class Row {
    final String reapAfter;
    final int members;
    @Nullable Measured engine;
    @Nullable Measured floor;
    @Nullable Measured floorFromCaller;

    Row(String reapAfter, int members) {
      this.reapAfter = reapAfter;
      this.members = members;
    }

    String format() {
      int calls = members * MemberCallBenchmark.ROUNDS;
      return String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |", reapAfter, members, calls,
          micros(engine), micros(floor), perCall(engine == null ? Double.NaN : engine.micros * 1000, calls),
          perCall(floor == null ? Double.NaN : floor.micros * 1000, calls),
          engine == null || floor == null ? "n/a" : String.format(Locale.ROOT, "%.2f×", engine.micros / floor.micros),
          perCall(engine == null ? Double.NaN : engine.bytes, calls),
          perCall(floor == null ? Double.NaN : floor.bytes, calls),
          perCall(floorFromCaller == null ? Double.NaN : floorFromCaller.micros * 1000, calls));
    }

    private static String micros(@Nullable Measured m) {
      return m == null ? "n/a" : String.format(Locale.ROOT, "%.2f ± %.2f", m.micros, m.error);
    }

    private static String perCall(double total, int calls) {
      return Double.isNaN(total) ? "n/a" : String.format(Locale.ROOT, "%.0f", total / calls);
    }
  }
}
