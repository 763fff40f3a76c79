package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.StreamSink;
import dev.council.api.spi.LlmProvider;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The scale check (target: the median timed pass's wall time within 10 % of the critical path on 2 cores):
 * {@code N} concurrent runs (default 10,000) of a council of 3 members and a chair against a provider that
 * sleeps a simulated latency (default 1 s) on the calling virtual thread. The critical path of one run is two
 * provider calls (the parallel round, then the chair), so the ideal wall time for all runs is {@code 2 ×
 * latency}.
 *
 * <p>Each shape is measured the same way: through the engine, and as the floor — per run one virtual thread
 * that fans the 3 member calls out on virtual threads, joins them, then makes the chair call. Passes, each on
 * a fresh engine: for each shape six warm-ups (at most 10,000 runs each, at a tenth of the latency: the code a
 * run passes through once, its start and its round boundaries, must have run often enough for the JIT's
 * optimizing compiler, as it has in a service that has been up for a while); then one untimed pass of each at
 * the full latency (the virtual-thread scheduler's workers first idle for a whole latency there, and the JIT
 * recompiles their loop when they do: that recompilation belongs to neither shape); then {@value
 * #TIMED_PASSES} timed passes of each, alternating engine and floor (wall time from the first start to the
 * last completion, each run's own duration, the CPU time the whole JVM used meanwhile, and the collections
 * that ran), judged by their median; and last a heap pass, where the provider holds every call at a gate
 * until all {@code 3 × N} member calls are in flight, so the used heap after a full GC at that moment, less
 * the used heap before the runs started, divided by {@code N}, is the heap one in-flight run holds.
 *
 * <p>Usage: {@code java -cp council-bench/target/benchmarks.jar dev.council.bench.ConcurrentRuns [N
 * [latencyMillis]]}. Prints a report, whose last line says whether the target is met, to standard output;
 * exits 1 when a run does not complete, 2 on bad arguments.
 */
public final class ConcurrentRuns {
  private static final int MEMBERS = 3;
  private static final int CALLS_PER_RUN = MEMBERS + 1;
  private static final int MAX_WARM_UP_RUNS = 10_000;
  private static final int WARM_UP_PASSES = 6;
  private static final int TIMED_PASSES = 3;
  private static final Duration GATE_TIMEOUT = Duration.ofMinutes(5);
  /** Bounds of the arguments (a million runs in flight already hold about 9 GB of heap). */
  private static final int MAX_RUNS = 1_000_000;
  private static final long MAX_LATENCY_MILLIS = Duration.ofMinutes(10).toMillis();
  private static final ChatRequest FLOOR_REQUEST = ChatRequest.of("bench-model", "You are analyst m0.",
      (String) BenchCouncils.INPUT.get("question"));

  private final int runs;
  private final Duration latency;
  private final PrintStream out;
  private final Council council = BenchCouncils.withChair(MEMBERS);
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ConcurrentRuns(int runs, Duration latency, PrintStream out) {
    this.runs = runs;
    this.latency = latency;
    this.out = out;
  }

  public static void main(String[] args) throws InterruptedException {
    int status;
    try {
      run(args, System.out);
      status = 0;
    } catch (IllegalArgumentException e) {
      System.err.println("usage: ConcurrentRuns [runs [latencyMillis]]: " + e.getMessage());
      status = 2;
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  /**
   * Measures and prints the report to {@code out}.
   *
   * @return whether the target is met
   * @throws IllegalArgumentException on arguments that are not {@code [runs [latencyMillis]]} within bounds
   * @throws IllegalStateException when a run does not complete
   */
  static boolean run(String[] args, PrintStream out) throws InterruptedException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 1_000);
    if (runs < 1 || runs > MAX_RUNS || latency.isNegative() || latency.toMillis() > MAX_LATENCY_MILLIS) {
      throw new IllegalArgumentException("runs " + runs + ", latency " + latency.toMillis() + " ms (runs from 1 to "
          + MAX_RUNS + ", latency from 0 to " + MAX_LATENCY_MILLIS + " ms)");
    }
    return new ConcurrentRuns(runs, latency, out).measure();
  }

  private boolean measure() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    out.printf(Locale.ROOT, "machine: %d cores, Java %s (%s), max heap %d MB%n", rt.availableProcessors(),
        Runtime.version(), System.getProperty("java.vm.name"), rt.maxMemory() >> 20);
    out.printf(Locale.ROOT, "council: %d members + chair, provider latency %d ms, critical path %d ms%n",
        MEMBERS, latency.toMillis(), 2 * latency.toMillis());
    double ideal = 2.0 * latency.toMillis();
    for (Shape shape : Shape.values()) {
      for (int i = 0; i < WARM_UP_PASSES; i++) {
        Timing warm = timed(shape, Math.min(runs, MAX_WARM_UP_RUNS), latency.dividedBy(10));
        out.printf(Locale.ROOT, "%s warm-up: %d runs in %d ms%n", shape.label, warm.runs, warm.wallMillis);
      }
    }
    // one untimed pass of each at the full latency: the virtual-thread scheduler's workers idle for the whole
    // latency only here, and the JIT recompiles their loop the first time they do; without this pass the
    // recompilation lands in whichever shape is timed first
    for (Shape shape : Shape.values()) {
      Timing full = timed(shape, runs, latency);
      out.printf(Locale.ROOT, "%s warm-up at the full latency: %d runs in %d ms (%+.1f %%)%n", shape.label,
          full.runs, full.wallMillis, overhead(full.wallMillis, ideal));
    }
    Map<Shape, List<Timing>> passes = new EnumMap<>(Shape.class);
    for (int pass = 1; pass <= TIMED_PASSES; pass++) {
      for (Shape shape : Shape.values()) {
        Timing t = timed(shape, runs, latency);
        passes.computeIfAbsent(shape, s -> new ArrayList<>()).add(t);
        out.printf(Locale.ROOT, "%s timed %d/%d: %d runs (%d member calls): all started after %d ms, wall %d ms"
            + " = %.3f × ideal %.0f ms (%+.1f %%); per-run duration min %d, p50 %d, p99 %d, max %d ms; CPU %d ms"
            + " (%.1f µs per run, JIT and GC included); %d collections, %d ms%n", shape.label, pass, TIMED_PASSES,
            t.runs, (long) t.runs * CALLS_PER_RUN, t.startMillis, t.wallMillis, t.wallMillis / ideal, ideal,
            overhead(t.wallMillis, ideal), t.percentile(0), t.percentile(50), t.percentile(99), t.percentile(100), t.cpuMillis,
            1000.0 * t.cpuMillis / t.runs, t.collections, t.collectionMillis);
      }
    }
    for (Shape shape : Shape.values()) {
      List<Timing> ts = passes.get(shape);
      Heap h = heap(shape);
      long wall = median(ts, Timing::wallMillis);
      out.printf(Locale.ROOT, "%s median of %d timed passes: wall %d ms (%+.1f %%), CPU %d ms%n", shape.label,
          ts.size(), wall, overhead(wall, ideal), median(ts, Timing::cpuMillis));
      out.printf(Locale.ROOT, "%s heap: baseline %.1f MB, with %d runs in flight %.1f MB -> %.1f KB per"
          + " in-flight run; after they finished %.1f MB -> %.1f KB per finished run still held%n", shape.label,
          mb(h.baseline), runs, mb(h.inFlight), kb(h.inFlight - h.baseline) / runs, mb(h.finished),
          kb(h.finished - h.baseline) / runs);
    }
    boolean ok = median(passes.get(Shape.ENGINE), Timing::wallMillis) <= ideal * 1.10;
    out.printf(Locale.ROOT, "target (median engine wall within 10 %% of the critical path): %s%n",
        ok ? "met" : "MISSED");
    return ok;
  }

  /** How far {@code wallMillis} is over {@code ideal}, in percent. */
  private static double overhead(long wallMillis, double ideal) {
    return 100.0 * (wallMillis - ideal) / ideal;
  }

  private static long median(List<Timing> ts, ToLongFunction<Timing> value) {
    long[] v = ts.stream().mapToLong(value).sorted().toArray();
    return v[v.length / 2];
  }

  private Timing timed(Shape shape, int count, Duration callLatency) throws InterruptedException {
    SimulatedLatencyProvider provider = SimulatedLatencyProvider.sleeping(BenchCouncils.PROVIDER, callLatency);
    return shape == Shape.ENGINE ? engineTimed(provider, count) : floorTimed(provider, count);
  }

  private Timing engineTimed(LlmProvider provider, int count) {
    try (CouncilEngine engine = BenchCouncils.engine(provider, BenchCouncils.DEFAULT_REAP_AFTER)) {
      long[] durations = new long[count];
      RunHandle[] handles = new RunHandle[count];
      long[] gc0 = collections();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        handles[i] = engine.start(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
      }
      long started = System.nanoTime();
      for (int i = 0; i < count; i++) {
        Result r = handles[i].await();
        requireCompleted(r);
        durations[i] = Duration.between(r.startedAt(), r.finishedAt()).toMillis();
      }
      return finish(count, t0, started, cpu0, gc0, durations);
    }
  }

  private Timing floorTimed(LlmProvider provider, int count) throws InterruptedException {
    long[] durations = new long[count];
    Thread[] threads = new Thread[count];
    long[] gc0 = collections();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      int slot = i;
      threads[i] = Thread.startVirtualThread(() -> {
        long s = System.nanoTime();
        floorRun(provider);
        durations[slot] = (System.nanoTime() - s) / 1_000_000;
      });
    }
    long started = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    return finish(count, t0, started, cpu0, gc0, durations);
  }

  private Timing finish(int count, long t0, long started, long cpu0, long[] gc0, long[] durations) {
    long end = System.nanoTime();
    long cpu = os.getProcessCpuTime() - cpu0;
    long[] gc = collections();
    Arrays.sort(durations);
    return new Timing(count, (started - t0) / 1_000_000, (end - t0) / 1_000_000, cpu / 1_000_000,
        gc[0] - gc0[0], gc[1] - gc0[1], durations);
  }

  /** Collections so far and their accumulated time (ms), over every collector. */
  private static long[] collections() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  /** The floor of one run: the members' calls on virtual threads, joined, then the chair's call. */
  private static void floorRun(LlmProvider provider) {
    Thread[] members = new Thread[MEMBERS];
    for (int m = 0; m < MEMBERS; m++) {
      members[m] = Thread.startVirtualThread(() -> provider.chat(FLOOR_REQUEST, StreamSink.IGNORE));
    }
    try {
      for (Thread t : members) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while joining member threads", e);
    }
    provider.chat(FLOOR_REQUEST, StreamSink.IGNORE);
  }

  private Heap heap(Shape shape) throws InterruptedException {
    SimulatedLatencyProvider gated = SimulatedLatencyProvider.gated(BenchCouncils.PROVIDER);
    if (shape == Shape.FLOOR) {
      long baseline = usedAfterGc();
      Thread[] threads = new Thread[runs];
      for (int i = 0; i < runs; i++) {
        threads[i] = Thread.startVirtualThread(() -> floorRun(gated));
      }
      long inFlight = atPeak(gated);
      for (Thread t : threads) {
        t.join();
      }
      return new Heap(baseline, inFlight, usedAfterGc());
    }
    try (CouncilEngine engine = BenchCouncils.engine(gated, BenchCouncils.DEFAULT_REAP_AFTER)) {
      long baseline = usedAfterGc();
      RunHandle[] handles = new RunHandle[runs];
      for (int i = 0; i < runs; i++) {
        handles[i] = engine.start(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
      }
      long inFlight = atPeak(gated);
      for (RunHandle h : handles) {
        requireCompleted(h.await());
      }
      return new Heap(baseline, inFlight, usedAfterGc());
    }
  }

  /** Waits until every member call is held at the gate, measures the heap, then opens the gate. */
  private long atPeak(SimulatedLatencyProvider gated) throws InterruptedException {
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
    return inFlight;
  }

  private static void requireCompleted(Result r) {
    if (r.status() != RunStatus.COMPLETED) {
      throw new IllegalStateException("run " + r.runId() + " ended " + r.status() + ": " + r.errors());
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

  /** What is measured: runs through the engine, or the same calls on raw virtual threads. */
  private enum Shape {
    ENGINE("engine"),
    FLOOR("floor ");

    final String label;

    Shape(String label) {
      this.label = label;
    }
  }

  /**
   * One timed pass: run count, time to start them all, wall time, process CPU time, the collections that ran
   * meanwhile and their time, sorted per-run durations (ms).
   */
  private record Timing(int runs, long startMillis, long wallMillis, long cpuMillis, long collections,
      long collectionMillis, long[] durations) {
    long percentile(int p) {
      int i = (int) Math.ceil(p / 100.0 * durations.length) - 1;
      return durations[Math.max(0, Math.min(durations.length - 1, i))];
    }
  }

  /** Used heap after GC: before the runs, with all in flight, after all finished. */
  private record Heap(long baseline, long inFlight, long finished) {}
}
