package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs per second of a council of 3 members and a chair ({@code independent_analysis}, then {@code
 * synthesis}: 4 member calls per run) against a {@link ZeroLatencyProvider}: one run at a time from one
 * caller ({@link #sequential}), and {@value #IN_FLIGHT} runs started together then awaited ({@link
 * #inFlight}), which lets the engine use both cores.
 *
 * <p>Not final, and its fields not final, because JMH generates subclasses that set them; one instance per
 * fork, set up once per trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ThroughputBenchmark {
  /** Runs started together by {@link #inFlight}. */
  public static final int IN_FLIGHT = 64;

  /**
   * {@code council.reap-after}. {@code 0s} unregisters each run at the next start, which isolates the cost
   * of a run; the engine default {@code 60s} keeps every finished run for a minute, and each start then
   * walks all of them (see docs/benchmarks.md).
   */
  @Param({"0s"})
  public String reapAfter;

  private CouncilEngine engine;
  private Council council;

  @Setup(Level.Trial)
  public void setUp() {
    engine = BenchCouncils.engine(new ZeroLatencyProvider(BenchCouncils.PROVIDER), reapAfter);
    council = BenchCouncils.withChair(3);
    Result check = engine.run(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
    if (check.status() != RunStatus.COMPLETED || check.answer() == null) {
      throw new IllegalStateException("the bench council did not complete as expected: " + check);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /** One blocking run. */
  @Benchmark
  public Result sequential() {
    return engine.run(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
  }

  /** {@value #IN_FLIGHT} runs started at once, then awaited; scored per run. */
  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public void inFlight(Blackhole bh) {
    RunHandle[] handles = new RunHandle[IN_FLIGHT];
    for (int i = 0; i < IN_FLIGHT; i++) {
      handles[i] = engine.start(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
    }
    for (RunHandle h : handles) {
      bh.consume(h.await());
    }
  }
}
