package dev.council.testkit;

import dev.council.api.RoundResult;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.RoundCompleted;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunTracer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every event of every run of an engine, kept per run id, for assertions: register it with the engine
 * builder's {@code tracer(...)}, then ask by run id. It sees each run from {@code RunStarted} on (the
 * engine attaches tracers before a run's first event), sub-runs included.
 *
 * <p>Thread-safe. The waiting methods block the test thread up to their timeout and then fail with an
 * {@link AssertionError} listing what did arrive, so a test fails instead of hanging. Give each test its
 * own instance (or its own engine) and parallel tests stay apart.
 */
public final class RunEvents implements RunTracer {
  /** How long {@link #captureEvents(String)} waits for a run to end. */
  public static final Duration CAPTURE_TIMEOUT = Duration.ofSeconds(5);
  /** How long {@link #assertRoundCompleted(String, String)} waits for the round. */
  public static final Duration ROUND_TIMEOUT = Duration.ofSeconds(1);

  private final Map<String, EventCapture> runs = new ConcurrentHashMap<>();

  @Override
  public Optional<CouncilListener> attach(RunInfo run) {
    return Optional.of(capture(run.runId()));
  }

  private EventCapture capture(String runId) {
    return runs.computeIfAbsent(runId, id -> new EventCapture());
  }

  /** Waits up to {@link #CAPTURE_TIMEOUT} for the run to end and returns all its events, in order. */
  public List<CouncilEvent> captureEvents(String runId) {
    return captureEvents(runId, CAPTURE_TIMEOUT);
  }

  /** Waits up to {@code timeout} for the run's terminal event and returns all its events, in order. */
  public List<CouncilEvent> captureEvents(String runId, Duration timeout) {
    EventCapture c = capture(runId);
    c.awaitTerminal(timeout);
    return c.events();
  }

  /**
   * Waits up to {@link #ROUND_TIMEOUT} for round {@code roundName} of the run to complete and returns its
   * result (the first completion, for a round that iterates).
   *
   * @throws AssertionError naming the round and the events seen when it does not complete in time
   */
  public RoundResult assertRoundCompleted(String roundName, String runId) {
    return assertRoundCompleted(roundName, runId, ROUND_TIMEOUT);
  }

  /** As {@link #assertRoundCompleted(String, String)}, waiting up to {@code timeout}. */
  public RoundResult assertRoundCompleted(String roundName, String runId, Duration timeout) {
    EventCapture c = capture(runId);
    try {
      CouncilEvent e = c.await(ev -> ev instanceof RoundCompleted rc && rc.result().name().equals(roundName),
          timeout);
      return ((RoundCompleted) e).result();
    } catch (AssertionError notYet) {
      throw new AssertionError("round '" + roundName + "' of run " + runId + " did not complete within " + timeout
          + "; rounds completed: " + c.ofType(RoundCompleted.class).stream().map(rc -> rc.result().name()).toList()
          + ", events: " + c.types(), notYet);
    }
  }

  /** The events of the run received so far (empty for a run not seen). */
  public List<CouncilEvent> events(String runId) {
    EventCapture c = runs.get(runId);
    return c == null ? List.of() : c.events();
  }
}
