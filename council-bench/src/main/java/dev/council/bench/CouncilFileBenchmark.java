package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.nio.file.Path;
import java.util.Map;
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
 * Your own council file under JMH: {@link #run} is one blocking run at a time (µs per run), {@link
 * #inFlight} starts {@value #IN_FLIGHT} runs together and awaits them (runs per second). See {@link
 * OwnCouncil} for what the stand-in provider replaces; {@link CouncilReport} runs this and prints the
 * Markdown table of docs/benchmarks.md ("Benchmark your own council").
 *
 * <p>Parameters ({@code -p name=value}): {@code councilFile} (a path, relative to the working directory),
 * {@code config} (a {@code council.*} properties file, or {@code none}), {@code provider} ({@code stand-in}
 * or {@code configured}), {@code latency} (the stand-in's latency per call, e.g. {@code 0ms} or {@code
 * 200ms}) and {@code question} (the run's {@code question} input).
 *
 * <p>Not final, and its fields not final, because JMH generates subclasses that set them; one instance per
 * fork, set up once per trial.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CouncilFileBenchmark {
  /** Runs started together by {@link #inFlight}. */
  public static final int IN_FLIGHT = 16;

  @Param({"examples/advisor.json"})
  /** The council's JSON file, relative to the working directory. */
  public String councilFile;

  @Param({"none"})
  /** A {@code council.*} properties file, or {@code none}. */
  public String config;

  @Param({"stand-in"})
  /** {@code stand-in} (the simulated provider with {@link #latency}) or {@code configured}. */
  public String provider;

  @Param({"0ms"})
  /** The stand-in's latency per call, such as {@code 0ms} or {@code 200ms}. */
  public String latency;

  @Param({"Should we migrate our monolith to microservices?"})
  /** The run's {@code question} input. */
  public String question;

  private CouncilEngine engine;
  private Council council;
  private Map<String, Object> input;

  @Setup(Level.Trial)
  public void setUp() {
    OwnCouncil own = OwnCouncil.load(Path.of(councilFile), "none".equals(config) ? null : Path.of(config),
        OwnCouncil.ProviderMode.parse(provider), OwnCouncil.latency(latency));
    council = own.council();
    input = Map.of("question", question);
    engine = own.engine();
    OwnCouncil.checkRun(engine, council, input);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /** One blocking run. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Result run() {
    return engine.run(council, input, OwnCouncil.OPTIONS);
  }

  /** {@value #IN_FLIGHT} runs started at once, then awaited; scored per run. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(IN_FLIGHT)
  public void inFlight(Blackhole bh) {
    RunHandle[] handles = new RunHandle[IN_FLIGHT];
    for (int i = 0; i < IN_FLIGHT; i++) {
      handles[i] = engine.start(council, input, OwnCouncil.OPTIONS);
    }
    for (RunHandle h : handles) {
      bh.consume(h.await());
    }
  }
}
