package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.MemberResult;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link RecorderKit} plus the member-call journal's contract, for recorders that keep one (and so let
 * resumed runs skip calls that already finished): {@code find} gives back what {@code record} was given;
 * the run, round index, iteration and member each tell entries apart; and every entry of a run is kept,
 * while it records and after its recording finishes as stopped (the state a run is resumed from). Each
 * failure is an {@link AssertionError} whose message names the rule broken ({@code journal keys tell runs,
 * rounds, iterations and members apart}, {@code the journal lost}).
 *
 * @param <R> the recorder type
 */
public abstract class JournalingRecorderKit<R extends Recorder> extends RecorderKit<R> {

  @Test
  void journalReturnsWhatWasRecorded() {
    MemberCallJournal journal = recorder().journal();
    recorder().open(runInfo(id("journaled")));
    CallKey key = new CallKey(id("journaled"), 0, 0, "a");
    MemberResult result = TestEvents.memberResult("a", "the answer is 4");

    journal.record(key, "hash-1", result);

    String rule = "the journal gives back what was recorded under " + key;
    MemberResult found = journal.find(key).orElseThrow(() -> new AssertionError("the journal lost the entry of "
        + key + " right after recording it; " + rule));
    assertThat(found.memberId()).as("memberId (%s)", rule).isEqualTo("a");
    assertThat(found.status()).as("status (%s)", rule).isEqualTo(result.status());
    assertThat(found.content()).as("content (%s)", rule).isEqualTo("the answer is 4");
    assertThat(found.usage()).as("usage (%s)", rule).isEqualTo(result.usage());
    assertThat(found.attempts()).as("attempts (%s)", rule).isEqualTo(result.attempts());
  }

  @Test
  void journalKeysDistinguishRoundIterationAndMember() {
    MemberCallJournal journal = recorder().journal();
    String runId = id("journal-keys");
    recorder().open(runInfo(runId));

    CallKey recorded = new CallKey(runId, 1, 2, "a");
    journal.record(recorded, "hash", TestEvents.memberResult("a", "round 1 iteration 2"));

    assertThat(journal.find(recorded)).as("the entry recorded under %s", recorded).map(MemberResult::content)
        .contains("round 1 iteration 2");
    for (CallKey other : List.of(new CallKey(runId, 0, 2, "a"), new CallKey(runId, 1, 0, "a"),
        new CallKey(runId, 1, 2, "b"), new CallKey(id("other-run"), 1, 2, "a"))) {
      assertThat(journal.find(other)).as("the entry found under %s when only %s was recorded (journal keys tell "
          + "runs, rounds, iterations and members apart: a resumed run must not skip a call that never ran)",
          other, recorded).isEmpty();
    }
  }

  @Test
  void journalKeepsEveryEntryOfARunWhileItRecordsAndAfterItStops() {
    MemberCallJournal journal = recorder().journal();
    String runId = id("journal-many");
    RunRecording recording = recorder().open(runInfo(runId));
    List<CallKey> keys = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int iteration = 0; iteration < 2; iteration++) {
        for (String member : List.of("a", "b", "c")) {
          CallKey key = new CallKey(runId, round, iteration, member);
          journal.record(key, "hash", TestEvents.memberResult(member, content(key)));
          keys.add(key);
        }
      }
    }

    assertKept(journal, keys, "while the run records");
    recording.onEvent(TestEvents.runStarted(runId));
    recording.finish(new RunOutcome.Stopped("engine_stopped"));
    assertKept(journal, keys, "after the run's recording finished as stopped (a stopped run is resumed from its "
        + "journal)");
  }

  private static void assertKept(MemberCallJournal journal, List<CallKey> keys, String when) {
    for (CallKey key : keys) {
      Optional<MemberResult> found = journal.find(key);
      if (found.isEmpty()) {
        throw new AssertionError("the journal lost the entry of " + key + " " + when + ", after " + keys.size()
            + " entries were recorded for the run; every entry is kept, or a resumed run pays for the call again");
      }
      assertThat(found.get().content()).as("the entry found under %s %s (journal keys tell runs, rounds, "
          + "iterations and members apart)", key, when).isEqualTo(content(key));
    }
  }

  private static String content(CallKey key) {
    return "round " + key.roundIndex() + " iteration " + key.iteration() + " member " + key.memberId();
  }
}
