package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.MemberResult;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.Recorder;
import org.junit.jupiter.api.Test;

/**
 * {@link RecorderKit} plus the member-call journal's contract, for recorders that keep one (and so let
 * resumed runs skip calls that already finished).
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

    MemberResult found = journal.find(key).orElseThrow();
    assertThat(found.memberId()).isEqualTo("a");
    assertThat(found.status()).isEqualTo(result.status());
    assertThat(found.content()).isEqualTo("the answer is 4");
    assertThat(found.usage()).isEqualTo(result.usage());
    assertThat(found.attempts()).isEqualTo(result.attempts());
  }

  @Test
  void journalKeysDistinguishRoundIterationAndMember() {
    MemberCallJournal journal = recorder().journal();
    String runId = id("journal-keys");
    recorder().open(runInfo(runId));

    journal.record(new CallKey(runId, 1, 2, "a"), "hash", TestEvents.memberResult("a", "round 1 iteration 2"));

    assertThat(journal.find(new CallKey(runId, 1, 2, "a"))).map(MemberResult::content).contains("round 1 iteration 2");
    assertThat(journal.find(new CallKey(runId, 0, 2, "a"))).isEmpty();
    assertThat(journal.find(new CallKey(runId, 1, 0, "a"))).isEmpty();
    assertThat(journal.find(new CallKey(runId, 1, 2, "b"))).isEmpty();
    assertThat(journal.find(new CallKey(id("other-run"), 1, 2, "a"))).isEmpty();
  }

}
