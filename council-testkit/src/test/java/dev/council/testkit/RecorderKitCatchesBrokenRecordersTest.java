package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RecorderKit} fails each deliberately broken recorder of {@link BrokenRecorderKits}, in the
 * tests that concern its defect, with an {@link AssertionError} that names the defect; and passes the
 * correct one.
 */
class RecorderKitCatchesBrokenRecordersTest {

  @Test
  void theCorrectRecorderPassesEveryTest() {
    KitRunner.Outcome outcome = KitRunner.run(ListRecorderKitTest.class);

    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.passed()).contains("aSecondFinishIsIgnoredAndTheFirstOutcomeStands",
        "eventsAfterFinishAreIgnored", "aFailingSinkNeverReachesTheCaller", "recordsEveryEventInOrderThenTheOutcome");
  }

  @Test
  void aSecondFinishThatReplacesTheOutcomeFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenRecorderKits.AcceptsSecondFinish.class).failures();

    assertThat(failures).containsOnlyKeys("aSecondFinishIsIgnoredAndTheFirstOutcomeStands");
    assertThat(failures.get("aSecondFinishIsIgnoredAndTheFirstOutcomeStands")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("finalized run").hasMessageContaining("twice")
        .hasMessageContaining("the stored outcomes are [failed] where [completed] was expected");
  }

  @Test
  void aSecondOutcomeStoredBesideTheFirstFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenRecorderKits.RecordsTwoOutcomes.class).failures();

    assertThat(failures).containsOnlyKeys("aSecondFinishIsIgnoredAndTheFirstOutcomeStands");
    assertThat(failures.get("aSecondFinishIsIgnoredAndTheFirstOutcomeStands")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("twice").hasMessageContaining("[completed, failed]");
  }

  @Test
  void anEventStoredAfterFinishFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenRecorderKits.RecordsAfterFinish.class).failures();

    assertThat(failures).containsOnlyKeys("eventsAfterFinishAreIgnored");
    assertThat(failures.get("eventsAfterFinishAreIgnored")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("recorded an event after finish: member_started #3 of");
  }

  @Test
  void eventsStoredOutOfOrderFail() {
    Map<String, Throwable> failures = KitRunner.run(BrokenRecorderKits.ReversesOrder.class).failures();

    assertThat(failures).containsKeys("recordsEveryEventInOrderThenTheOutcome", "interleavedRunsAreKeptApart",
        "recordsManyRunsConcurrently");
    assertThat(failures.values()).allSatisfy(f -> assertThat(f).isInstanceOf(AssertionError.class)
        .hasMessageContaining("stored events out of seq order"));
  }

  @Test
  void droppedEventsFailAsAGap() {
    Map<String, Throwable> failures = KitRunner.run(BrokenRecorderKits.DropsUnknownTypes.class).failures();

    assertThat(failures).containsOnlyKeys("recordsEveryEventInOrderThenTheOutcome");
    assertThat(failures.get("recordsEveryEventInOrderThenTheOutcome")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("lost events in run").hasMessageContaining("(a gap in the seq)")
        .hasMessageContaining("round_started #1 of");
  }

  @Test
  void eventsStoredTwiceFail() {
    Map<String, Throwable> failures = KitRunner.run(BrokenRecorderKits.DuplicatesEvents.class).failures();

    assertThat(failures).containsKeys("recordsEveryEventInOrderThenTheOutcome", "interleavedRunsAreKeptApart",
        "recordsManyRunsConcurrently", "aSecondFinishIsIgnoredAndTheFirstOutcomeStands", "eventsAfterFinishAreIgnored");
    assertThat(failures.values()).allSatisfy(f -> assertThat(f).isInstanceOf(AssertionError.class)
        .hasMessageContaining("stored the same event more than once"));
  }

  @Test
  void aSinkFailureThatReachesTheCallerFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenRecorderKits.LetsSinkFailuresThrough.class).failures();

    assertThat(failures).containsOnlyKeys("aFailingSinkNeverReachesTheCaller");
    assertThat(failures.get("aFailingSinkNeverReachesTheCaller")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("dev.council.testkit.ListRecorder threw from RunRecording.onEvent")
        .hasMessageContaining("while its sink fails")
        .hasMessageContaining("disk full")
        .hasMessageContaining("a recorder must never fail the run");
  }
}
