package dev.council.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * Runs {@link MemberCallBenchmark} with the GC profiler and {@link CpuTimeProfiler}, then prints two
 * Markdown tables per council size: wall time per member call of the engine and the floor and their ratio;
 * CPU time and bytes allocated per member call and the CPU ratio. Every per-call figure and ratio uses
 * each benchmark's median iteration, which a shared, busy machine (and a late JIT compile) disturbs less
 * than the mean.
 *
 * <p>Takes JMH's command-line options ({@code -f 1 -wi 5 -w 2s -i 5 -r 2s ...}); without a benchmark
 * pattern it runs every method of {@link MemberCallBenchmark}. Blocks until JMH is done. Exit status 1
 * when JMH produces no result.
 */
public final class MemberCallReport {
  private MemberCallReport() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Collection<RunResult> results = ProfiledRun.run(args, MemberCallBenchmark.class);
    Map<String, Row> rows = new TreeMap<>();
    for (RunResult r : results) {
      int members = Integer.parseInt(r.getParams().getParam("members"));
      String reapAfter = String.valueOf(r.getParams().getParam("reapAfter"));
      String benchmark = r.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      Row row = rows.computeIfAbsent(String.format(Locale.ROOT, "%s/%05d", reapAfter, members),
          k -> new Row(reapAfter, members));
      Measured m = new Measured(r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
          r.getPrimaryResult().getStatistics().getPercentile(50), secondary(r, "gc.alloc.rate.norm"),
          secondary(r, "cpu.time.norm"));
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
    System.out.println("| reap-after | members | calls/run | engine µs/run | floor µs/run | engine ns/call"
        + " | floor ns/call | engine/floor (wall) | caller-driven floor ns/call |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    rows.values().forEach(row -> System.out.println(row.wall()));
    System.out.println();
    System.out.println("| reap-after | members | engine CPU ns/call | floor CPU ns/call | engine/floor (CPU)"
        + " | engine B/call | floor B/call |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    rows.values().forEach(row -> System.out.println(row.cpuAndAlloc()));
  }

  /** The median iteration of a profiler's result, NaN when the profiler reported nothing. */
  private static double secondary(RunResult r, String label) {
    for (String key : r.getSecondaryResults().keySet()) {
      if (key.endsWith(label)) {
        return r.getSecondaryResults().get(key).getStatistics().getPercentile(50);
      }
    }
    return Double.NaN;
  }

  /**
   * One benchmark's result, per run: mean µs with its error, and the median iteration's µs, bytes
   * allocated and CPU nanoseconds.
   */
  private record Measured(double micros, double error, double medianMicros, double bytes, double cpuNanos) {}

  /** Engine and floors for one council size. */
  private static final class Row {
    final String reapAfter;
    final int members;
    final int calls;
    @Nullable Measured engine;
    @Nullable Measured floor;
    @Nullable Measured floorFromCaller;

    Row(String reapAfter, int members) {
      this.reapAfter = reapAfter;
      this.members = members;
      this.calls = members * MemberCallBenchmark.ROUNDS;
    }

    String wall() {
      return String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %s |", reapAfter, members, calls,
          mean(engine), mean(floor), perCall(median(engine) * 1000), perCall(median(floor) * 1000),
          ratio(median(engine), median(floor)), perCall(median(floorFromCaller) * 1000));
    }

    String cpuAndAlloc() {
      double engineCpu = engine == null ? Double.NaN : engine.cpuNanos;
      double floorCpu = floor == null ? Double.NaN : floor.cpuNanos;
      return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |", reapAfter, members,
          perCall(engineCpu), perCall(floorCpu), ratio(engineCpu, floorCpu),
          perCall(engine == null ? Double.NaN : engine.bytes), perCall(floor == null ? Double.NaN : floor.bytes));
    }

    private String perCall(double perRun) {
      return Double.isNaN(perRun) ? "n/a" : String.format(Locale.ROOT, "%.0f", perRun / calls);
    }

    private static double median(@Nullable Measured m) {
      return m == null ? Double.NaN : m.medianMicros;
    }

    private static String mean(@Nullable Measured m) {
      return m == null ? "n/a" : String.format(Locale.ROOT, "%.2f ± %.2f", m.micros, m.error);
    }

    private static String ratio(double a, double b) {
      return Double.isNaN(a) || Double.isNaN(b) ? "n/a" : String.format(Locale.ROOT, "%.2f×", a / b);
    }
  }
}
