package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.CallKey;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link Recorder} must show. Extend it, implement {@link #createRecorder()} and
 * the two read-back methods, which query what the recorder stored (through its own query side).
 *
 * <p>The kit drives recordings the way the engine does: one writer per run, every event in order, then
 * {@link RunRecording#finish} once. Recorders may write asynchronously; the kit waits (up to {@link
 * #timeout()}) for the outcome to be readable before checking events. Events are compared by run id,
 * sequence number and type, so stores that round-trip payloads through JSON pass. Recorders that keep
 * a member-call journal extend {@link JournalingRecorderKit}, which adds the journal's tests; for the
 * others this kit checks that their journal is {@link MemberCallJournal#NONE}.
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

  /** The events {@code recorder} stored for {@code runId}, in order; empty when it has none. */
  protected abstract List<CouncilEvent> recordedEvents(R recorder, String runId);

  /**
   * The outcome {@code recorder} stored for {@code runId} as {@link #outcomeKind}, or empty while none
   * is stored.
   */
  protected abstract Optional<String> recordedOutcome(R recorder, String runId);

  /** How long to wait for asynchronous writes. */
  protected Duration timeout() {
    return Duration.ofSeconds(20);
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

  @BeforeEach
  final void openRecorder() {
    recorder = createRecorder();
    prefix = "kit-" + UUID.randomUUID();
  }

  @AfterEach
  final void closeRecorder() {
    recorder.close();
  }

  @Test
  void recordsEveryEventInOrderThenTheOutcome() {
    String runId = id("ordered");
    List<CouncilEvent> events = TestEvents.completedRun(runId, List.of("a", "b", "c"));

    record(runId, events, new RunOutcome.Completed(TestEvents.result(runId, RunStatus.COMPLETED)));

    awaitOutcome(runId);
    assertThat(recordedOutcome(recorder, runId)).contains("completed");
    assertSameEvents(recordedEvents(recorder, runId), events);
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
    assertThat(recordedEvents(recorder, id("stopped"))).extracting(CouncilEvent::type).containsExactly("run_started");
  }

  @Test
  void interleavedRunsAreKeptApart() {
    String first = id("first");
    String second = id("second");
    List<CouncilEvent> firstEvents = TestEvents.numbered(first, 6);
    List<CouncilEvent> secondEvents = TestEvents.numbered(second, 4);
    RunRecording a = recorder.open(runInfo(first));
    RunRecording b = recorder.open(runInfo(second));

    for (int i = 0; i < 6; i++) {
      a.onEvent(firstEvents.get(i));
      if (i < 4) {
        b.onEvent(secondEvents.get(i));
      }
    }
    b.finish(new RunOutcome.Completed(TestEvents.result(second, RunStatus.COMPLETED)));
    a.finish(new RunOutcome.Completed(TestEvents.result(first, RunStatus.COMPLETED)));

    awaitOutcome(first);
    awaitOutcome(second);
    assertSameEvents(recordedEvents(recorder, first), firstEvents);
    assertSameEvents(recordedEvents(recorder, second), secondEvents);
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
        f.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    for (int i = 0; i < runs; i++) {
      String runId = id("concurrent-" + i);
      awaitOutcome(runId);
      assertSameEvents(recordedEvents(recorder, runId), TestEvents.numbered(runId, 25));
    }
  }

  @Test
  void unknownRunHasNoEventsAndNoOutcome() {
    assertThat(recordedEvents(recorder, id("never-opened"))).isEmpty();
    assertThat(recordedOutcome(recorder, id("never-opened"))).isEmpty();
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
    RunRecording recording = recorder.open(runInfo(runId));
    events.forEach(recording::onEvent);
    recording.finish(outcome);
  }

  private void awaitOutcome(String runId) {
    Waits.until(() -> recordedOutcome(recorder, runId).isPresent(), timeout(), "the outcome of " + runId);
  }

  private static void assertSameEvents(List<CouncilEvent> actual, List<CouncilEvent> expected) {
    assertThat(actual).extracting(CouncilEvent::runId, CouncilEvent::seq, CouncilEvent::type)
        .containsExactlyElementsOf(expected.stream()
            .map(e -> Tuple.tuple(e.runId(), e.seq(), e.type())).toList());
  }
}
