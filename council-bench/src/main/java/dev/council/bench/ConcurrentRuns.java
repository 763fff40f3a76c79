package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The scale check of DESIGN §11: {@code N} concurrent runs (default 10,000) of a council of 3 members and a
 * chair against a provider that sleeps a simulated latency (default 1 s) on the calling virtual thread.
 * The critical path of one run is two provider calls (the parallel round, then the chair), so the ideal
 * wall time for all runs is {@code 2 × latency}.
 *
 * <p>Passes, each on a fresh engine: three warm-ups (at most 2,000 runs at a tenth of the latency); the
 * timed pass (wall time from the first start to the last completion, each run's own duration, and the CPU
 * time the whole JVM used meanwhile, which a busy shared machine does not inflate); and a
 * heap pass, where the provider holds every call at a gate until all {@code 3 × N} member calls are in
 * flight, so the used heap after a full GC at that moment, less the used heap before the runs started,
 * divided by {@code N}, is the heap one in-flight run holds.
 *
 * <p>Usage: {@code java -cp council-bench/target/benchmarks.jar dev.council.bench.ConcurrentRuns [N
 * [latencyMillis]]}. Prints a report to standard output; exits 1 when a run does not complete.
 */
public final class ConcurrentRuns {
  private static final int MEMBERS = 3;
  private static final int CALLS_PER_RUN = MEMBERS + 1;
  private static final int MAX_WARM_UP_RUNS = 2_000;
  private static final int WARM_UP_PASSES = 3;
  private static final Duration GATE_TIMEOUT = Duration.ofMinutes(5);

  private final int runs;
  private final Duration latency;
  private final Council council = BenchCouncils.withChair(MEMBERS);
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ConcurrentRuns(int runs, Duration latency) {
    this.runs = runs;
    this.latency = latency;
  }

  public static void main(String[] args) throws InterruptedException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 1_000);
    if (runs < 1 || latency.isNegative()) {
      System.err.println("usage: ConcurrentRuns [runs >= 1 [latencyMillis >= 0]]");
      System.exit(2);
    }
    new ConcurrentRuns(runs, latency).measure();
  }

  private void measure() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "machine: %d cores, Java %s (%s), max heap %d MB%n", rt.availableProcessors(),
        Runtime.version(), System.getProperty("java.vm.name"), rt.maxMemory() >> 20);
    System.out.printf(Locale.ROOT, "council: %d members + chair, provider latency %d ms, critical path %d ms%n",
        MEMBERS, latency.toMillis(), 2 * latency.toMillis());

    for (int i = 0; i < WARM_UP_PASSES; i++) {
      Timing warm = timed(Math.min(runs, MAX_WARM_UP_RUNS), latency.dividedBy(10));
      System.out.printf(Locale.ROOT, "warm-up: %d runs in %d ms%n", warm.runs, warm.wallMillis);
    }

    Timing t = timed(runs, latency);
    double ideal = 2.0 * latency.toMillis();
    System.out.printf(Locale.ROOT, "timed: %d runs (%d member calls): all started after %d ms, wall %d ms"
        + " = %.3f × ideal %.0f ms (%+.1f %%)%n", t.runs, (long) t.runs * CALLS_PER_RUN, t.startMillis,
        t.wallMillis, t.wallMillis / ideal, ideal, 100.0 * (t.wallMillis - ideal) / ideal);
    System.out.printf(Locale.ROOT, "per-run duration: min %d ms, p50 %d ms, p99 %d ms, max %d ms%n",
        t.percentile(0), t.percentile(50), t.percentile(99), t.percentile(100));
    System.out.printf(Locale.ROOT, "CPU used by this JVM during the timed pass: %d ms (%.1f µs per run, %.1f µs per"
        + " member call; JIT and GC included)%n", t.cpuMillis, 1000.0 * t.cpuMillis / t.runs,
        1000.0 * t.cpuMillis / ((long) t.runs * CALLS_PER_RUN));

    Heap h = heap();
    System.out.printf(Locale.ROOT, "heap: baseline %.1f MB, with %d runs in flight %.1f MB -> %.1f KB per in-flight"
        + " run; after they finished %.1f MB -> %.1f KB per finished run kept until reaped%n", mb(h.baseline), runs,
        mb(h.inFlight), kb(h.inFlight - h.baseline) / runs, mb(h.finished), kb(h.finished - h.baseline) / runs);
    boolean ok = t.wallMillis <= ideal * 1.10;
    System.out.printf(Locale.ROOT, "target (wall within 10 %% of the critical path): %s%n", ok ? "met" : "MISSED");
  }

  private Timing timed(int count, Duration callLatency) {
    try (CouncilEngine engine = BenchCouncils.engine(SimulatedLatencyProvider.sleeping(BenchCouncils.PROVIDER,
        callLatency), BenchCouncils.DEFAULT_REAP_AFTER)) {
      RunHandle[] handles = new RunHandle[count];
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        handles[i] = engine.start(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
      }
      long started = System.nanoTime();
      long[] durations = new long[count];
      for (int i = 0; i < count; i++) {
        Result r = handles[i].await();
        requireCompleted(r);
        durations[i] = Duration.between(r.startedAt(), r.finishedAt()).toMillis();
      }
      long end = System.nanoTime();
      long cpu = os.getProcessCpuTime() - cpu0;
      Arrays.sort(durations);
      return new Timing(count, (started - t0) / 1_000_000, (end - t0) / 1_000_000, cpu / 1_000_000, durations);
    }
  }

  private Heap heap() throws InterruptedException {
    SimulatedLatencyProvider gated = SimulatedLatencyProvider.gated(BenchCouncils.PROVIDER);
    try (CouncilEngine engine = BenchCouncils.engine(gated, BenchCouncils.DEFAULT_REAP_AFTER)) {
      long baseline = usedAfterGc();
      RunHandle[] handles = new RunHandle[runs];
      for (int i = 0; i < runs; i++) {
        handles[i] = engine.start(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
      }
      long deadline = System.nanoTime() + GATE_TIMEOUT.toNanos();
      while (gated.arrived() < (long) runs * MEMBERS) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + gated.arrived() + " of " + runs * MEMBERS
              + " member calls reached the provider within " + GATE_TIMEOUT);
        }
        Thread.sleep(10);
      }
      long inFlight = usedAfterGc();
      gated.open();
      for (RunHandle h : handles) {
        requireCompleted(h.await());
      }
      long finished = usedAfterGc();
      return new Heap(baseline, inFlight, finished);
    }
  }

  private static void requireCompleted(Result r) {
    if (r.status() != RunStatus.COMPLETED) {
      System.err.println("run " + r.runId() + " ended " + r.status() + ": " + r.errors());
      System.exit(1);
    }
  }

  private long usedAfterGc() {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static double kb(long bytes) {
    return bytes / 1024.0;
  }

  /** One timed pass: run count, time to start them all, wall time, process CPU time, sorted per-run durations (ms). */
  private record Timing(int runs, long startMillis, long wallMillis, long cpuMillis, long[] durations) {
    long percentile(int p) {
      int i = (int) Math.ceil(p / 100.0 * durations.length) - 1;
      return durations[Math.max(0, Math.min(durations.length - 1, i))];
    }
  }

  /** Used heap after GC: before the runs, with all in flight, after all finished. */
  private record Heap(long baseline, long inFlight, long finished) {}
}
