package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.Verbosity;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.Topics;
import dev.council.api.spi.Subscription;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Event fan-out through the engine's public API: how many events per second reach local listeners, and how
 * long each takes from emission to the listener. Councils of 3 members and a chair ({@value #EVENTS_PER_RUN}
 * events per run) against a {@link ZeroLatencyProvider}, or a {@link SimulatedLatencyProvider} when {@code
 * providerLatency} is above zero; the engine stamps events with a {@link
 * MonotonicClock}, and the listener records {@code clock.nanos() - event timestamp} into {@link #LATENCY}.
 *
 * <ul>
 *   <li>{@link #oneRunManySubscribers}: one run whose events reach {@value #SUBSCRIBERS} subscribers. With
 *       {@code attach=listeners} they are {@value #SUBSCRIBERS} listeners in the run's {@link RunOptions};
 *       with {@code attach=topic} they are {@value #SUBSCRIBERS} subscriptions to a relay topic
 *       ({@link CouncilEngine#subscribeTopic}), made once, that every run relays to.
 *   <li>{@link #manyRunsOneSubscriberEach}: {@value #RUNS} runs started together, each with one subscriber:
 *       a listener in its {@link RunOptions} ({@code attach=listeners}), or a subscription to the run's own
 *       topic made before it starts and closed after its last event ({@code attach=topic}, what {@link
 *       CouncilEngine#subscribe} does for a known run).
 * </ul>
 *
 * <p>{@code attach=direct} gives the same subscribers as {@link RunOptions.Builder#directListener direct
 * listeners}: called on the emitting threads, with no hand-off to a delivery thread.
 *
 * <p>{@code attach=none} runs the same operations with no subscriber, so the difference to it is what
 * delivery costs.
 *
 * <p>An operation ends when every subscriber has received the terminal event of every run, so all its
 * deliveries are inside the measurement. The primary score is operations per second; the {@code deliveries}
 * counter is events delivered per second. Latency percentiles per iteration are printed by the iteration
 * tear-down and reported by {@link DeliveryLatencyProfiler}.
 *
 * <p>Not final, and its fields not final, because JMH generates subclasses that set them; one instance per
 * fork, set up once per trial. Not for concurrent benchmark threads (one JMH thread).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class EventFanoutBenchmark {
  /** Subscribers of the one run of {@link #oneRunManySubscribers}. */
  public static final int SUBSCRIBERS = 1_000;

  /** Runs of {@link #manyRunsOneSubscriberEach}. */
  public static final int RUNS = 10_000;

  /**
   * Events of one run of the bench council: run started; round started, 3 × (member started, member
   * completed), round completed; the chair's round (4 events); run completed.
   */
  public static final int EVENTS_PER_RUN = 14;

  /** Emit-to-listener latencies of the current iteration. */
  static final LatencySamples LATENCY = new LatencySamples();

  private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(2);

  /**
   * {@code listeners} (in {@link RunOptions}), {@code direct} (direct listeners in {@link RunOptions}), {@code
   * topic} (pubsub subscriptions), or {@code none}: the same
   * runs with no subscriber at all, the baseline that shows what the runs cost without delivery.
   */
  @Param({"listeners", "direct", "topic", "none"})
  public String attach;

  /**
   * Each model call's latency: {@code 0ms} (the {@link ZeroLatencyProvider}: a run emits all its events in one
   * burst, so latency includes queueing behind the burst), or e.g. {@code 1ms} ({@link
   * SimulatedLatencyProvider}, sleeping; events come in smaller bursts, as with a real model).
   */
  @Param({"0ms"})
  public String providerLatency;

  private final AtomicLong runIds = new AtomicLong();
  private MonotonicClock clock;
  private CouncilEngine engine;
  private Council council;
  private TimingListener listener;
  private RunOptions manyListeners;
  private RunOptions manyDirectListeners;
  private RunOptions relayToSubscribers;
  private RunOptions oneListener;
  private RunOptions oneDirectListener;
  private List<Subscription> relaySubscriptions;

  /** Events delivered, reported per second. One instance per JMH thread (there is one). */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Deliveries {
    /** Events delivered to listeners in this iteration. */
    public long deliveries;

    @Setup(Level.Iteration)
    public void reset() {
      deliveries = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    clock = new MonotonicClock();
    if (!providerLatency.matches("\\d+ms")) {
      throw new IllegalArgumentException("providerLatency must be whole milliseconds such as 0ms or 1ms, was "
          + providerLatency);
    }
    Duration latency = Duration.ofMillis(Long.parseLong(providerLatency.substring(0, providerLatency.length() - 2)));
    engine = BenchCouncils.engine(latency.isZero() ? new ZeroLatencyProvider(BenchCouncils.PROVIDER)
        : SimulatedLatencyProvider.sleeping(BenchCouncils.PROVIDER, latency), "0s", clock);
    council = BenchCouncils.withChair(3);
    listener = new TimingListener(clock);
    manyListeners = subscribed(SUBSCRIBERS, RunOptions.Builder::listener);
    manyDirectListeners = subscribed(SUBSCRIBERS, RunOptions.Builder::directListener);
    String relay = "bench-fanout";
    relayToSubscribers = RunOptions.builder().verbose(Verbosity.OFF).relayTopic(relay).build();
    oneListener = subscribed(1, RunOptions.Builder::listener);
    oneDirectListener = subscribed(1, RunOptions.Builder::directListener);
    relaySubscriptions = new ArrayList<>();
    if (attach.equals("topic")) {
      for (int i = 0; i < SUBSCRIBERS; i++) {
        relaySubscriptions.add(engine.subscribeTopic(relay, listener));
      }
    } else if (!List.of("listeners", "direct", "none").contains(attach)) {
      throw new IllegalArgumentException("attach must be listeners, direct, topic or none, was " + attach);
    }
    check();
  }

  /** Options with verbose output off and {@code count} subscriptions of the timing listener, made by {@code attach}. */
  private RunOptions subscribed(int count, BiFunction<RunOptions.Builder, CouncilListener, RunOptions.Builder> attach) {
    RunOptions.Builder b = RunOptions.builder().verbose(Verbosity.OFF);
    for (int i = 0; i < count; i++) {
      attach.apply(b, listener);
    }
    return b.build();
  }

  /** One operation of each kind must deliver every event of every run to every subscriber, and no more. */
  private void check() throws InterruptedException {
    LATENCY.reset();
    oneRun();
    Thread.sleep(100);
    expect(LATENCY.count(), (long) EVENTS_PER_RUN * subscribers(SUBSCRIBERS), "one run to " + SUBSCRIBERS
        + " subscribers");
    LATENCY.reset();
    manyRuns();
    Thread.sleep(100);
    expect(LATENCY.count(), (long) EVENTS_PER_RUN * subscribers(RUNS), RUNS + " runs with one subscriber each");
    LATENCY.reset();
  }

  /** {@code count}, or 0 for the no-subscriber baseline. */
  private int subscribers(int count) {
    return attach.equals("none") ? 0 : count;
  }

  private static void expect(long delivered, long expected, String what) {
    if (delivered != expected) {
      throw new IllegalStateException(what + ": " + delivered + " events delivered, expected " + expected
          + " (has the bench council's event count changed? see EVENTS_PER_RUN)");
    }
  }

  @Setup(Level.Iteration)
  public void startWindow() {
    LATENCY.reset();
  }

  @TearDown(Level.Iteration)
  public void printWindow() {
    LatencySamples.Stats s = LATENCY.snapshot();
    System.out.println(String.format(Locale.ROOT,
        "%n[fan-out %s %s] %,d deliveries; latency p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs (of %,d kept)",
        attach, providerLatency, s.count(), s.p50() / 1000, s.p99() / 1000, s.p999() / 1000, s.max() / 1000, s.kept()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    relaySubscriptions.forEach(Subscription::close);
    engine.close();
  }

  /** One run, {@value #SUBSCRIBERS} subscribers; returns when all have its terminal event. */
  @Benchmark
  public void oneRunManySubscribers(Deliveries d) throws InterruptedException {
    oneRun();
    d.deliveries += (long) EVENTS_PER_RUN * subscribers(SUBSCRIBERS);
  }

  /** {@value #RUNS} runs, one subscriber each; returns when every run's terminal event was delivered. */
  @Benchmark
  public void manyRunsOneSubscriberEach(Deliveries d) throws InterruptedException {
    manyRuns();
    d.deliveries += (long) EVENTS_PER_RUN * subscribers(RUNS);
  }

  private void oneRun() throws InterruptedException {
    CountDownLatch done = listener.expect(subscribers(SUBSCRIBERS));
    Result result = engine.run(council, BenchCouncils.INPUT, switch (attach) {
      case "topic" -> relayToSubscribers;
      case "listeners" -> manyListeners;
      case "direct" -> manyDirectListeners;
      default -> BenchCouncils.OPTIONS;
    });
    completed(result);
    await(done, "the terminal event at " + SUBSCRIBERS + " subscribers");
  }

  private void manyRuns() throws InterruptedException {
    CountDownLatch done = listener.expect(subscribers(RUNS));
    RunHandle[] handles = new RunHandle[RUNS];
    Subscription[] subscriptions = attach.equals("topic") ? new Subscription[RUNS] : null;
    RunOptions options = switch (attach) {
      case "listeners" -> oneListener;
      case "direct" -> oneDirectListener;
      default -> BenchCouncils.OPTIONS;
    };
    for (int i = 0; i < RUNS; i++) {
      if (subscriptions == null) {
        handles[i] = engine.start(council, BenchCouncils.INPUT, options);
      } else {
        String runId = "fanout-" + runIds.incrementAndGet();
        subscriptions[i] = engine.subscribeTopic(Topics.run(runId), listener);
        handles[i] = engine.start(council, BenchCouncils.INPUT,
            RunOptions.builder().verbose(Verbosity.OFF).runId(runId).build());
      }
    }
    for (RunHandle h : handles) {
      completed(h.await());
    }
    await(done, "the terminal events of " + RUNS + " runs");
    if (subscriptions != null) {
      for (Subscription s : subscriptions) {
        s.close();
      }
    }
  }

  private static void completed(Result result) {
    if (result.status() != RunStatus.COMPLETED) {
      throw new IllegalStateException("a bench run did not complete: " + result);
    }
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("timed out after " + OPERATION_TIMEOUT + " waiting for " + what + "; "
          + latch.getCount() + " missing");
    }
  }

  /**
   * Records each event's emit-to-delivery latency and counts terminal events down on the latch of the
   * current operation. Thread-safe: the engine delivers to it from many drain threads at once.
   */
  static final class TimingListener implements CouncilListener {
    private final MonotonicClock clock;
    private volatile CountDownLatch terminal = new CountDownLatch(0);

    TimingListener(MonotonicClock clock) {
      this.clock = clock;
    }

    /** A latch released after {@code count} terminal events from now on. */
    CountDownLatch expect(int count) {
      CountDownLatch latch = new CountDownLatch(count);
      terminal = latch;
      return latch;
    }

    @Override
    public void onEvent(CouncilEvent event) {
      LATENCY.record(clock.nanos() - MonotonicClock.nanosOf(event.timestamp()));
      if (event.terminal()) {
        terminal.countDown();
      }
    }
  }
}
