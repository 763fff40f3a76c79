package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.engine.CouncilEngine;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine cost per member call (target: at most 1.5× the floor and 2 KB allocated per call): a council of {@code members} members and two parallel rounds
 * (no chair) run to completion against a {@link ZeroLatencyProvider}, next to {@link #floor}, the same
 * {@code 2 × members} provider calls fanned out on raw virtual threads, round by round (and {@link
 * #floorFromCaller}, the same fan-out driven from the benchmark's own platform thread).
 *
 * <p>Scores are microseconds per run (one run = {@code 2 × members} member calls). JMH cannot take
 * {@code @OperationsPerInvocation} from a {@code @Param}, so {@link MemberCallReport} runs this benchmark
 * and divides by the member calls; with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes per run.
 *
 * <p>Not final, and its fields not final, because JMH generates subclasses that set them; one instance per
 * fork, set up once per trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class MemberCallBenchmark {
  /** Rounds per run. */
  public static final int ROUNDS = 2;

  @Param({"1", "5", "25"})
  public int members;

  /**
   * {@code council.reap-after}. {@code 0s} unregisters each run at the next start, which isolates the cost
   * of a run; the engine default {@code 60s} keeps every finished run for a minute, and each start then
   * walks all of them (see docs/benchmarks.md).
   */
  @Param({"0s"})
  public String reapAfter;

  private CouncilEngine engine;
  private Council council;
  private ZeroLatencyProvider provider;
  private ChatRequest request;

  @Setup(Level.Trial)
  public void setUp() {
    provider = new ZeroLatencyProvider(BenchCouncils.PROVIDER);
    engine = BenchCouncils.engine(provider, reapAfter);
    council = BenchCouncils.twoParallelRounds(members);
    request = new ChatRequest("bench-model",
        List.of(ChatMessage.system("You are analyst m0."), ChatMessage.user((String) BenchCouncils.INPUT.get("question"))),
        null, null, false, List.of(), null, null, CallContext.NONE);
    Result check = engine.run(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
    if (check.status() != RunStatus.COMPLETED || check.rounds().size() != ROUNDS
        || check.rounds().get(1).successful().size() != members) {
      throw new IllegalStateException("the bench council did not complete as expected: " + check);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /** One run through the engine: validation, events, dispatch, results. */
  @Benchmark
  public Result engine() {
    return engine.run(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS);
  }

  /**
   * The floor, shaped like a run: the caller starts one virtual thread and waits for it (as {@code
   * engine.run} waits for the run's thread); that thread, per round, starts one virtual thread per member
   * calling the provider, then joins them all.
   */
  @Benchmark
  public ChatResponse[] floor() throws InterruptedException {
    ChatResponse[] responses = new ChatResponse[members];
    Thread run = Thread.startVirtualThread(() -> fanOut(responses));
    run.join();
    return responses;
  }

  /**
   * The floor as literally specified: the caller itself fans out and joins each round, so it waits
   * twice per run on a platform thread (two OS wake-ups instead of one). Kept to show that cost.
   */
  @Benchmark
  public ChatResponse[] floorFromCaller() {
    ChatResponse[] responses = new ChatResponse[members];
    fanOut(responses);
    return responses;
  }

  private void fanOut(ChatResponse[] responses) {
    for (int round = 0; round < ROUNDS; round++) {
      Floor.round(provider, request, responses);
    }
  }
}
