package dev.council.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * Runs {@link FrameworkComparisonBenchmark} with the GC profiler and {@link CpuTimeProfiler}, then prints a
 * Markdown table per council size: for the engine, LangChain4j and the floor, wall time, CPU time and bytes
 * allocated per model call ({@code members + 1} per run), each from the benchmark's median iteration, and
 * each side's ratio to the floor.
 *
 * <p>Takes JMH's command-line options ({@code -f 1 -wi 6 -w 2s -i 5 -r 2s ...}); without a benchmark
 * pattern it runs every method of {@link FrameworkComparisonBenchmark}. Blocks until JMH is done. Exit
 * status 1 when JMH produces no result.
 */
public final class ComparisonReport {
  private static final String[] SIDES = {"engine", "langchain4j", "floor"};

  private ComparisonReport() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Collection<RunResult> results = ProfiledRun.run(args, FrameworkComparisonBenchmark.class);
    Map<Integer, Map<String, Measured>> bySize = new TreeMap<>();
    for (RunResult r : results) {
      int members = Integer.parseInt(r.getParams().getParam("members"));
      String benchmark = r.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      int calls = members + 1;
      bySize.computeIfAbsent(members, k -> new LinkedHashMap<>()).put(method, new Measured(
          r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
          r.getPrimaryResult().getStatistics().getPercentile(50) * 1000 / calls,
          secondary(r, "cpu.time.norm") / calls, secondary(r, "gc.alloc.rate.norm") / calls));
    }
    if (bySize.isEmpty()) {
      System.err.println("JMH produced no results for " + FrameworkComparisonBenchmark.class.getSimpleName());
      System.exit(1);
    }
    System.out.println();
    System.out.println("| members | side | µs/run (mean ± error) | ns/call | CPU ns/call | B/call"
        + " | wall vs floor | CPU vs floor | B vs floor |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    bySize.forEach((members, sides) -> {
      @Nullable Measured floor = sides.get("floor");
      for (String side : SIDES) {
        Measured m = sides.get(side);
        if (m == null) {
          continue;
        }
        System.out.println(String.format(Locale.ROOT, "| %d | %s | %.2f ± %.2f | %.0f | %.0f | %.0f | %s | %s | %s |",
            members, side, m.micros, m.error, m.nanosPerCall, m.cpuPerCall, m.bytesPerCall,
            ratio(m.nanosPerCall, floor == null ? Double.NaN : floor.nanosPerCall),
            ratio(m.cpuPerCall, floor == null ? Double.NaN : floor.cpuPerCall),
            ratio(m.bytesPerCall, floor == null ? Double.NaN : floor.bytesPerCall)));
      }
    });
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

  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", a / b);
  }

  /** Per run: mean µs and its error; per call: median-iteration wall ns, CPU ns and bytes. */
  private record Measured(double micros, double error, double nanosPerCall, double cpuPerCall, double bytesPerCall) {}
}
