package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RunRegistryKit} fails each deliberately broken registry of {@link BrokenRunRegistryKits} with an
 * {@link AssertionError} naming its defect, and passes the correct one.
 */
class RunRegistryKitCatchesBrokenRegistriesTest {

  @Test
  void theCorrectRegistryPassesEveryTest() {
    KitRunner.Outcome outcome = KitRunner.run(MapRunRegistryKitTest.class);

    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.passed()).contains("registeringADuplicateIdIsRejectedAndKeepsTheFirstRun",
        "activeListsRunningRunsOnlyWhileFinishedOnesStayFindable", "registriesWithDifferentNamesDoNotSeeEachOthersRuns");
  }

  @Test
  void aDuplicateIdThatReplacesTheFirstRunFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenRunRegistryKits.ReplacesDuplicates.class).failures();

    assertThat(failures).containsKeys("registeringADuplicateIdIsRejectedAndKeepsTheFirstRun",
        "concurrentRegistrationOfOneIdHasExactlyOneWinner");
    assertThat(failures.get("registeringADuplicateIdIsRejectedAndKeepsTheFirstRun")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("registering a second run under the registered id")
        .hasMessageContaining("must be refused with an IllegalStateException naming the id");
  }

  @Test
  void finishedRunsListedAsActiveFail() {
    Map<String, Throwable> failures = KitRunner.run(BrokenRunRegistryKits.ListsFinishedRunsAsActive.class).failures();

    assertThat(failures).containsOnlyKeys("activeListsRunningRunsOnlyWhileFinishedOnesStayFindable");
    assertThat(failures.get("activeListsRunningRunsOnlyWhileFinishedOnesStayFindable"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("active() must list the runs still running");
  }

  @Test
  void registriesThatShareRunsAcrossNamesFail() {
    Map<String, Throwable> failures = KitRunner.run(BrokenRunRegistryKits.IgnoresTheName.class).failures();

    assertThat(failures).containsKey("registriesWithDifferentNamesDoNotSeeEachOthersRuns");
    assertThat(failures.get("registriesWithDifferentNamesDoNotSeeEachOthersRuns")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("registries with different names must not see each other's runs");
  }
}
