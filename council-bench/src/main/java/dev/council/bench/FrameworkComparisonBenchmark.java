package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.engine.CouncilEngine;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.scope.ResultWithAgenticScope;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * The engine next to LangChain4j's agentic module and the raw virtual-thread floor, on one shape: {@code
 * members} members each asked the question once in parallel, then a chair asked once with all their answers
 * ({@code members + 1} model calls per run), against a zero-latency in-process model on both sides ({@link
 * ZeroLatencyProvider}, {@link ZeroLatencyChatModel}). Each benchmark returns the run's final answer.
 *
 * <ul>
 *   <li>{@link #engine}: {@code engine.run} of a council with one {@code independent_analysis} round and a
 *       chair ({@link BenchCouncils#withChair}); recorder {@code none}, verbose off, no listeners.
 *   <li>{@link #langchain4j}: {@link LangChain4jCouncil}, a {@code sequenceBuilder()} of a {@code
 *       parallelBuilder()} of agents and a chair agent, invoked with the question.
 *   <li>{@link #floor}: the caller starts one virtual thread (the run) and waits for it; the run starts one
 *       virtual thread per member calling the provider, joins them, collects their answers, then makes the
 *       chair's call.
 * </ul>
 *
 * <p>Scores are microseconds per run; {@link ComparisonReport} divides them (and {@code gc.alloc.rate.norm},
 * {@code cpu.time.norm}) by the {@code members + 1} model calls of a run.
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
public class FrameworkComparisonBenchmark {
  @Param({"5", "25"})
  public int members;

  private CouncilEngine engine;
  private Council council;
  private UntypedAgent workflow;
  private ZeroLatencyProvider provider;
  private ChatRequest memberRequest;
  private Map<String, Object> input;

  @Setup(Level.Trial)
  public void setUp() {
    provider = new ZeroLatencyProvider(BenchCouncils.PROVIDER);
    engine = BenchCouncils.engine(provider, "0s");
    council = BenchCouncils.withChair(members);
    input = BenchCouncils.INPUT;
    String question = (String) input.get("question");
    memberRequest = new ChatRequest("bench-model",
        List.of(ChatMessage.system("You are analyst m0."), ChatMessage.user(question)),
        null, null, false, List.of(), null, null, CallContext.NONE);
    checkEngine();
    checkLangChain4j();
    workflow = LangChain4jCouncil.build(members, new ZeroLatencyChatModel());
    if (!ZeroLatencyProvider.RESPONSE.content().equals(langchain4j()) || !ZeroLatencyProvider.RESPONSE.content().equals(floor())) {
      throw new IllegalStateException("a bench workflow did not return the chair's answer");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /** One council run through the engine; returns the chair's answer. */
  @Benchmark
  public String engine() {
    return engine.run(council, input, BenchCouncils.OPTIONS).answer();
  }

  /** One invocation of the LangChain4j workflow; returns the chair's answer. */
  @Benchmark
  public String langchain4j() {
    return (String) workflow.invoke(input);
  }

  /** The same calls on raw virtual threads; returns the chair's answer. */
  @Benchmark
  public String floor() {
    String[] answer = new String[1];
    Thread run = Thread.startVirtualThread(() -> answer[0] = floorRun());
    try {
      run.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the run thread", e);
    }
    return answer[0];
  }

  private String floorRun() {
    ChatResponse[] responses = new ChatResponse[members];
    Floor.round(provider, memberRequest, responses);
    for (ChatResponse r : responses) {
      Objects.requireNonNull(r, "a member thread produced no response");
    }
    return provider.chat(memberRequest, StreamSink.IGNORE).content();
  }

  private void checkEngine() {
    Result check = engine.run(council, input, BenchCouncils.OPTIONS);
    RoundResult analysis = check.rounds().isEmpty() ? null : check.rounds().get(0);
    if (check.status() != RunStatus.COMPLETED || check.rounds().size() != 2 || analysis == null
        || analysis.successful().size() != members || check.rounds().get(1).successful().size() != 1
        || !ZeroLatencyProvider.RESPONSE.content().equals(check.answer())) {
      throw new IllegalStateException("the bench council did not complete as expected: " + check);
    }
  }

  /** One run of the LangChain4j workflow over a counting model: members + 1 calls, every answer collected. */
  private void checkLangChain4j() {
    LongAdder calls = new LongAdder();
    UntypedAgent counted = LangChain4jCouncil.build(members, new ZeroLatencyChatModel(calls));
    ResultWithAgenticScope<String> result = counted.invokeWithAgenticScope(input);
    String answers = String.valueOf(result.agenticScope().readState(LangChain4jCouncil.ANSWERS));
    long expectedLines = members;
    if (calls.sum() != members + 1 || !ZeroLatencyProvider.RESPONSE.content().equals(result.result())
        || answers.lines().filter(l -> l.endsWith(ZeroLatencyProvider.RESPONSE.content())).count() != expectedLines) {
      throw new IllegalStateException("the LangChain4j workflow did not run as expected: " + calls.sum()
          + " model calls (expected " + (members + 1) + "), result " + result.result() + ", answers " + answers);
    }
  }
}
