package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link JournalingRecorderKit} fails each deliberately broken journal of {@link BrokenJournalKits}, in the
 * tests that concern its defect, with an {@link AssertionError} that names the rule it breaks; and passes
 * the correct one.
 */
class JournalingRecorderKitCatchesBrokenJournalsTest {

  @Test
  void theCorrectJournalPassesEveryTest() {
    KitRunner.Outcome outcome = KitRunner.run(JournalingListRecorderKitTest.class);

    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.passed()).contains("journalReturnsWhatWasRecorded",
        "journalKeysDistinguishRoundIterationAndMember", "journalKeepsEveryEntryOfARunWhileItRecordsAndAfterItStops",
        "aRecorderWithoutAJournalSaysSoWithTheNoneJournal", "recordsEveryEventInOrderThenTheOutcome");
  }

  @Test
  void aJournalThatFindsAnotherRunsEntryFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenJournalKits.IgnoresTheRun.class).failures();

    assertThat(failures).containsOnlyKeys("journalKeysDistinguishRoundIterationAndMember");
    assertThat(failures.get("journalKeysDistinguishRoundIterationAndMember")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("-other-run, roundIndex=1, iteration=2, memberId=a]")
        .hasMessageContaining("journal keys tell runs, rounds, iterations and members apart");
  }

  @Test
  void aJournalThatMixesRoundsAndIterationsFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenJournalKits.IgnoresRoundAndIteration.class).failures();

    assertThat(failures).containsOnlyKeys("journalKeysDistinguishRoundIterationAndMember",
        "journalKeepsEveryEntryOfARunWhileItRecordsAndAfterItStops");
    assertThat(failures.values()).allSatisfy(f -> assertThat(f).isInstanceOf(AssertionError.class)
        .hasMessageContaining("journal keys tell runs, rounds, iterations and members apart"));
    assertThat(failures.get("journalKeysDistinguishRoundIterationAndMember"))
        .hasMessageContaining("roundIndex=0, iteration=2, memberId=a] when only");
  }

  @Test
  void aJournalThatEvictsOldEntriesFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenJournalKits.EvictsOldEntries.class).failures();

    assertThat(failures).containsOnlyKeys("journalKeepsEveryEntryOfARunWhileItRecordsAndAfterItStops");
    assertThat(failures.get("journalKeepsEveryEntryOfARunWhileItRecordsAndAfterItStops"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the journal lost the entry of CallKey[runId=")
        .hasMessageContaining("roundIndex=0, iteration=0, memberId=a] while the run records, after 18 entries")
        .hasMessageContaining("every entry is kept, or a resumed run pays for the call again");
  }

  @Test
  void aJournalThatForgetsAStoppedRunFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenJournalKits.ForgetsARunWhenItFinishes.class).failures();

    assertThat(failures).containsOnlyKeys("journalKeepsEveryEntryOfARunWhileItRecordsAndAfterItStops");
    assertThat(failures.get("journalKeepsEveryEntryOfARunWhileItRecordsAndAfterItStops"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the journal lost the entry of CallKey[runId=")
        .hasMessageContaining("after the run's recording finished as stopped (a stopped run is resumed from its "
            + "journal)");
  }
}
