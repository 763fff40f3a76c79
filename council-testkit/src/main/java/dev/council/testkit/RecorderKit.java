package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link Recorder} must show. Extend it (JUnit 5), implement {@link
 * #createRecorder()}, {@link #recordedOutcome} and one of the event read-backs ({@link #recordedEvents}
 * or {@link #recordedEventKeys}), which query what the recorder stored (through its own query side).
 *
 * <p>The kit drives recordings the way the engine does: one writer per run, every event in order, then
 * {@link RunRecording#finish} once. Recorders may write asynchronously; the kit waits (up to {@link
 * #timeout()}) for the outcome to be readable before checking events. Events are compared by run id,
 * sequence number and type ({@link EventKey}), so stores that round-trip payloads through JSON pass. It
 * then breaks the contract the way a faulty engine or a failing store would, and checks what the
 * recorder guide ({@code docs/persistence.md}) asks of every recorder:
 *
 * <ul>
 *   <li>every event is stored once, in seq order, with no gap, and in its own run;
 *   <li>the outcome is stored exactly once: a second {@code finish} is ignored and the first outcome
 *       stands (watched for {@link #quietPeriod()});
 *   <li>an event after {@code finish} is ignored (watched for {@link #quietPeriod()});
 *   <li>no call ({@code open}, {@code onEvent}, {@code finish}, {@code close}) ever throws, even while
 *       the recorder's sink fails ({@link #createRecorderWithFailingSink()}).
 * </ul>
 *
 * <p>Each failure is an {@link AssertionError} whose message names the defect ({@code finalized run ...
 * twice}, {@code recorded an event after finish}, {@code stored events out of seq order}, {@code lost
 * events}, {@code stored the same event more than once}, {@code threw from}). Recorders that keep a
 * member-call journal extend {@link JournalingRecorderKit}, which adds the journal's tests; for the
 * others this kit checks that their journal is {@link MemberCallJournal#NONE}.
 *
 * <p>Each test gets its own recorder and its own run ids, so the kit's tests may share a store.
 *
 * @param <R> the recorder type, so read-back methods can use its query API
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class RecorderKit<R extends Recorder> {
  private R recorder;
  private String prefix;

  /** The recorder of the current test. */
  protected final R recorder() {
    return recorder;
  }

  /** A new, ready recorder; the kit closes it after each test. */
  protected abstract R createRecorder();

  /**
   * The events {@code recorder} stored for {@code runId}, in the order the store gives them back (by
   * seq for a correct store); empty when it has none. A store that keeps whole events reads them back
   * here, e.g. with {@link dev.council.api.json.JsonMapping#event} from stored JSON. A store that does
   * not overrides {@link #recordedEventKeys} instead and leaves this one alone.
   *
   * @throws UnsupportedOperationException when neither this nor {@link #recordedEventKeys} is overridden
   */
  protected List<CouncilEvent> recordedEvents(R recorder, String runId) {
    throw new UnsupportedOperationException(getClass().getName() + " must override recordedEvents (to return "
        + "the stored events) or recordedEventKeys (to return their run id, seq and type)");
  }

  /**
   * The run id, seq and type of each event {@code recorder} stored for {@code runId}, in the order the
   * store gives them back; empty when it has none. The default takes them from {@link #recordedEvents}.
   * Override it when the store does not keep whole events, so the read-back need not rebuild them.
   */
  protected List<EventKey> recordedEventKeys(R recorder, String runId) {
    return recordedEvents(recorder, runId).stream().map(EventKey::of).toList();
  }

  /**
   * The outcome {@code recorder} stored for {@code runId} as {@link #outcomeKind}, or empty while none
   * is stored. When the store could hold more than one (an append-only log), return the first here and
   * override {@link #recordedOutcomes} too.
   */
  protected abstract Optional<String> recordedOutcome(R recorder, String runId);

  /**
   * Every outcome {@code recorder} stored for {@code runId}, as {@link #outcomeKind}, oldest first. The
   * default is {@link #recordedOutcome} (at most one); a store that appends outcomes returns them all,
   * so the kit sees a run finalized twice.
   */
  protected List<String> recordedOutcomes(R recorder, String runId) {
    return recordedOutcome(recorder, runId).stream().toList();
  }

  /**
   * A second recorder like {@link #createRecorder()} but whose sink fails on every write (a writer that
   * throws, an unreachable database, a closed connection), or empty (the default) when the test cannot
   * break the sink. When present, the kit records whole runs on it and checks that no call reaches the
   * caller with an exception; the kit closes it.
   */
  protected Optional<R> createRecorderWithFailingSink() {
    return Optional.empty();
  }

  /** How long to wait for asynchronous writes. */
  protected Duration timeout() {
    return Duration.ofSeconds(20);
  }

  /**
   * How long the kit watches, after the outcome is stored, for writes that must not happen (a second
   * outcome, an event after finish). An asynchronous store should write a run's records in order, so
   * this only needs to cover the time between two of its writes.
   */
  protected Duration quietPeriod() {
    return Duration.ofMillis(300);
  }

  /** {@code completed}, {@code cancelled}, {@code failed} or {@code stopped}. */
  public static String outcomeKind(RunOutcome outcome) {
    return switch (outcome) {
      case RunOutcome.Completed c -> "completed";
      case RunOutcome.Cancelled c -> "cancelled";
      case RunOutcome.Failed f -> "failed";
      case RunOutcome.Stopped s -> "stopped";
    };
  }

  /** A run description for {@code runId}, as the engine would pass to {@link Recorder#open}. */
  public static RunInfo runInfo(String runId) {
    Council council = Council.builder(TestEvents.COUNCIL_ID)
        .member(Member.builder("a").provider("mock").model("kit-model").build())
        .round("independent_analysis")
        .build();
    return new RunInfo(runId, council, Map.of("question", "What is 2 + 2?"), 1, null, "local", TestEvents.T0);
  }

  /**
   * Checks that {@code actual} (what a store gave back for one run) is exactly {@code expected}, and
   * when it is not, says how: events of another run, the same event stored more than once, events out
   * of seq order, lost events, events never recorded, or a different type at a seq.
   *
   * @throws AssertionError naming the defect
   */
  public static void assertSameEventKeys(String runId, List<EventKey> actual, List<EventKey> expected) {
    EventSequences.assertSame("stored", "seq order", "in run " + runId, actual, expected);
  }

  @BeforeEach
  final void openRecorder() {
    recorder = createRecorder();
    prefix = "kit-" + UUID.randomUUID();
  }

  @AfterEach
  final void closeRecorder() {
    call(recorder, "close", "", recorder::close);
  }

  @Test
  void recordsEveryEventInOrderThenTheOutcome() {
    String runId = id("ordered");
    List<CouncilEvent> events = TestEvents.completedRun(runId, List.of("a", "b", "c"));

    record(runId, events, new RunOutcome.Completed(TestEvents.result(runId, RunStatus.COMPLETED)));

    awaitOutcome(runId);
    assertThat(recordedOutcome(recorder, runId)).contains("completed");
    assertSameEvents(runId, events);
  }

  @Test
  void recordsEachKindOfOutcome() {
    record(id("completed"), TestEvents.numbered(id("completed"), 3),
        new RunOutcome.Completed(TestEvents.result(id("completed"), RunStatus.COMPLETED)));
    record(id("failed"), List.of(TestEvents.runStarted(id("failed")), TestEvents.runFailed(id("failed"), 1, ErrorKind.PERMANENT)),
        new RunOutcome.Failed(TestEvents.result(id("failed"), RunStatus.FAILED)));
    record(id("cancelled"), List.of(TestEvents.runStarted(id("cancelled")), TestEvents.runFailed(id("cancelled"), 1, ErrorKind.CANCELLED)),
        new RunOutcome.Cancelled(TestEvents.result(id("cancelled"), RunStatus.CANCELLED)));
    record(id("stopped"), List.of(TestEvents.runStarted(id("stopped"))), new RunOutcome.Stopped("terminated"));

    for (String kind : List.of("completed", "failed", "cancelled", "stopped")) {
      awaitOutcome(id(kind));
      assertThat(recordedOutcome(recorder, id(kind))).as(kind).contains(kind);
    }
    assertThat(recordedEventKeys(recorder, id("stopped"))).extracting(EventKey::type).containsExactly("run_started");
  }

  @Test
  void interleavedRunsAreKeptApart() {
    String first = id("first");
    String second = id("second");
    List<CouncilEvent> firstEvents = TestEvents.numbered(first, 6);
    List<CouncilEvent> secondEvents = TestEvents.numbered(second, 4);
    RunRecording a = open(recorder, first);
    RunRecording b = open(recorder, second);

    for (int i = 0; i < 6; i++) {
      onEvent(a, firstEvents.get(i));
      if (i < 4) {
        onEvent(b, secondEvents.get(i));
      }
    }
    finish(b, second, new RunOutcome.Completed(TestEvents.result(second, RunStatus.COMPLETED)));
    finish(a, first, new RunOutcome.Completed(TestEvents.result(first, RunStatus.COMPLETED)));

    awaitOutcome(first);
    awaitOutcome(second);
    assertSameEvents(first, firstEvents);
    assertSameEvents(second, secondEvents);
  }

  @Test
  void recordsManyRunsConcurrently() throws Exception {
    int runs = 8;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String runId = id("concurrent-" + i);
        futures.add(pool.submit(() -> record(runId, TestEvents.numbered(runId, 25),
            new RunOutcome.Completed(TestEvents.result(runId, RunStatus.COMPLETED)))));
      }
      for (Future<?> f : futures) {
        try {
          f.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof AssertionError failure) {
            throw failure;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }

    for (int i = 0; i < runs; i++) {
      String runId = id("concurrent-" + i);
      awaitOutcome(runId);
      assertSameEvents(runId, TestEvents.numbered(runId, 25));
    }
  }

  @Test
  void unknownRunHasNoEventsAndNoOutcome() {
    assertThat(recordedEventKeys(recorder, id("never-opened"))).isEmpty();
    assertThat(recordedOutcome(recorder, id("never-opened"))).isEmpty();
  }

  @Test
  void aSecondFinishIsIgnoredAndTheFirstOutcomeStands() {
    String runId = id("finished-twice");
    List<CouncilEvent> events = TestEvents.numbered(runId, 4);
    RunRecording recording = open(recorder, runId);
    events.forEach(e -> onEvent(recording, e));
    finish(recording, runId, new RunOutcome.Completed(TestEvents.result(runId, RunStatus.COMPLETED)));

    RunOutcome second = new RunOutcome.Failed(TestEvents.result(runId, RunStatus.FAILED));
    call(recorder, "RunRecording.finish", " when called a second time for run " + runId
        + " (a second finish must be ignored, not rejected with an exception)", () -> recording.finish(second));

    awaitOutcome(runId);
    watchQuietPeriod(() -> {
      List<String> outcomes = recordedOutcomes(recorder, runId);
      if (!outcomes.equals(List.of("completed"))) {
        throw new AssertionError("finalized run " + runId + " twice: after finish(Completed) and a second "
            + "finish(Failed) the stored outcomes are " + outcomes + " where [completed] was expected; a second "
            + "finish must be ignored and the first outcome stand");
      }
    });
    assertSameEvents(runId, events);
  }

  @Test
  void eventsAfterFinishAreIgnored() {
    String runId = id("late-events");
    List<CouncilEvent> events = TestEvents.numbered(runId, 3);
    RunRecording recording = open(recorder, runId);
    events.forEach(e -> onEvent(recording, e));
    finish(recording, runId, new RunOutcome.Completed(TestEvents.result(runId, RunStatus.COMPLETED)));

    CouncilEvent late = TestEvents.memberStarted(runId, 3, "late");
    call(recorder, "RunRecording.onEvent", " for " + EventKey.of(late)
        + " after finish (an event after finish must be ignored, not rejected with an exception)",
        () -> recording.onEvent(late));

    awaitOutcome(runId);
    watchQuietPeriod(() -> {
      List<EventKey> stored = recordedEventKeys(recorder, runId);
      if (stored.contains(EventKey.of(late))) {
        throw new AssertionError("recorded an event after finish: " + EventKey.of(late) + " was stored after "
            + "the run's outcome (stored: " + stored + "); events after finish must be ignored");
      }
    });
    assertSameEvents(runId, events);
  }

  @Test
  void aFailingSinkNeverReachesTheCaller() {
    Optional<R> failing = createRecorderWithFailingSink();
    if (failing.isEmpty()) {
      return; // nothing to break: the other tests still check that no call throws
    }
    R broken = failing.get();
    try {
      for (RunOutcome outcome : List.<RunOutcome>of(
          new RunOutcome.Completed(TestEvents.result(id("sink-completed"), RunStatus.COMPLETED)),
          new RunOutcome.Stopped("engine_stopped"))) {
        String runId = id(outcome instanceof RunOutcome.Completed ? "sink-completed" : "sink-stopped");
        RunRecording recording = call(broken, "Recorder.open", " for run " + runId + " while its sink fails",
            () -> broken.open(runInfo(runId)));
        for (CouncilEvent e : TestEvents.completedRun(runId, List.of("a", "b"))) {
          call(broken, "RunRecording.onEvent", " for " + EventKey.of(e) + " while its sink fails",
              () -> recording.onEvent(e));
        }
        call(broken, "RunRecording.finish", " for run " + runId + " while its sink fails",
            () -> recording.finish(outcome));
      }
    } finally {
      call(broken, "close", " while its sink fails", broken::close);
    }
  }

  @Test
  void aRecorderWithoutAJournalSaysSoWithTheNoneJournal() {
    if (!(this instanceof JournalingRecorderKit)) {
      assertThat(recorder.journal()).as("a recorder tested without JournalingRecorderKit keeps no journal")
          .isSameAs(MemberCallJournal.NONE);
    } else {
      assertThat(recorder.journal()).isNotSameAs(MemberCallJournal.NONE);
    }
  }

  /** A run id unique to this test. */
  protected final String id(String name) {
    return prefix + "-" + name;
  }

  private void record(String runId, List<CouncilEvent> events, RunOutcome outcome) {
    RunRecording recording = open(recorder, runId);
    events.forEach(e -> onEvent(recording, e));
    finish(recording, runId, outcome);
  }

  private RunRecording open(R target, String runId) {
    return call(target, "Recorder.open", " for run " + runId, () -> target.open(runInfo(runId)));
  }

  private void onEvent(RunRecording recording, CouncilEvent event) {
    call(recorder, "RunRecording.onEvent", " for " + EventKey.of(event), () -> recording.onEvent(event));
  }

  private void finish(RunRecording recording, String runId, RunOutcome outcome) {
    call(recorder, "RunRecording.finish", " for run " + runId + " (" + outcomeKind(outcome) + ")",
        () -> recording.finish(outcome));
  }

  private static void call(Recorder target, String method, String when, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      throw threw(target, method, when, e);
    }
  }

  private static <T> T call(Recorder target, String method, String when, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw threw(target, method, when, e);
    }
  }

  private static AssertionError threw(Recorder target, String method, String when, RuntimeException e) {
    return new AssertionError(target.getClass().getName() + " threw from " + method + when + ": " + e
        + "; a recorder must never fail the run: catch, count and report its own failures (and its sink's)", e);
  }

  private void awaitOutcome(String runId) {
    Waits.until(() -> recordedOutcome(recorder, runId).isPresent(), timeout(), "the outcome of " + runId);
  }

  private void assertSameEvents(String runId, List<CouncilEvent> expected) {
    assertSameEventKeys(runId, recordedEventKeys(recorder, runId), expected.stream().map(EventKey::of).toList());
  }

  /** Runs {@code check} now and repeatedly until {@link #quietPeriod()} has passed. */
  private void watchQuietPeriod(Runnable check) {
    long end = System.nanoTime() + quietPeriod().toNanos();
    do {
      check.run();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while watching for late writes", e);
      }
    } while (System.nanoTime() - end < 0);
    check.run();
  }
}
