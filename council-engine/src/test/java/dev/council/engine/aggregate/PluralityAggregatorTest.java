package dev.council.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.AggregateResult;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.spi.Ballot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluralityAggregatorTest {
  private final PluralityAggregator plurality = new PluralityAggregator();

  @Test
  void mostVotesWinsAndEveryOptionIsScored() {
    AggregateResult result = plurality.aggregate(
        List.of(Ballot.vote("m1", "A"), Ballot.vote("m2", "B"), Ballot.vote("m3", "A"), Ballot.vote("m4", "C")),
        Map.of());

    assertThat(result.aggregator()).isEqualTo("plurality");
    assertThat(result.winner()).isEqualTo("A");
    assertThat(result.tied()).isEmpty();
    assertThat(result.noWinnerReason()).isNull();
    assertThat(result.scores()).containsExactly(Map.entry("A", 2.0), Map.entry("B", 1.0), Map.entry("C", 1.0));
    assertThat(result.details())
        .containsEntry("votes", Map.of("m1", "A", "m2", "B", "m3", "A", "m4", "C"))
        .containsEntry("counted", 4)
        .containsEntry("ignored", 0);
  }

  @Test
  void tieGoesToAlphabeticallyFirstByDefaultAndIsListed() {
    AggregateResult result = plurality.aggregate(
        List.of(Ballot.vote("m1", "B"), Ballot.vote("m2", "A"), Ballot.vote("m3", "C")), Map.of());

    assertThat(result.winner()).isEqualTo("A");
    assertThat(result.tied()).containsExactly("A", "B", "C");
    assertThat(result.noWinnerReason()).isNull();
    assertThat(result.details()).containsEntry("tieBreak", "first");
  }

  @Test
  void tieBreakNoneReportsTheTieWithoutAWinner() {
    AggregateResult result = plurality.aggregate(
        List.of(Ballot.vote("m1", "B"), Ballot.vote("m2", "A"), Ballot.vote("m3", "A"), Ballot.vote("m4", "B")),
        Map.of("tieBreak", "none"));

    assertThat(result.winner()).isNull();
    assertThat(result.hasWinner()).isFalse();
    assertThat(result.tied()).containsExactly("A", "B");
    assertThat(result.noWinnerReason()).isEqualTo(NoWinnerReasons.TIE);
    assertThat(result.details()).doesNotContainKey("tieBreak");
  }

  @Test
  void randomTieBreakIsReproducibleForASeedAndVariesAcrossSeeds() {
    List<Ballot> ballots = List.of(Ballot.vote("m1", "A"), Ballot.vote("m2", "B"), Ballot.vote("m3", "C"));
    // Index floorMod(splitMix64(seed), 3) into [A, B, C]: seed 0 → 0, seed 1 → 1, seed 5 → 2.
    assertThat(plurality.aggregate(ballots, Map.of("tieBreak", "random", "seed", "0")).winner()).isEqualTo("A");
    assertThat(plurality.aggregate(ballots, Map.of("tieBreak", "random", "seed", 1)).winner()).isEqualTo("B");
    assertThat(plurality.aggregate(ballots, Map.of("tieBreak", "random", "seed", 5L)).winner()).isEqualTo("C");

    Set<String> winners = new HashSet<>();
    for (int seed = 0; seed < 30; seed++) {
      AggregateResult first = plurality.aggregate(ballots, Map.of("tieBreak", "random", "seed", seed));
      AggregateResult again = plurality.aggregate(ballots, Map.of("tieBreak", "random", "seed", seed));
      assertThat(again).isEqualTo(first);
      assertThat(first.tied()).containsExactly("A", "B", "C");
      assertThat(first.details()).containsEntry("tieBreak", "random");
      winners.add(first.winner());
    }
    assertThat(winners).containsExactlyInAnyOrder("A", "B", "C");
  }

  @Test
  void customTieBreakReceivesTheSortedTieAndPicksTheWinner() {
    List<List<String>> seen = new ArrayList<>();
    PluralityAggregator custom = new PluralityAggregator(tied -> {
      seen.add(tied);
      return tied.getLast();
    });

    AggregateResult result = custom.aggregate(
        List.of(Ballot.vote("m1", "C"), Ballot.vote("m2", "A"), Ballot.vote("m3", "B"), Ballot.vote("m4", "D"),
            Ballot.vote("m5", "D")),
        Map.of("tieBreak", "first"));

    assertThat(result.winner()).isEqualTo("D");
    assertThat(result.tied()).isEmpty();
    assertThat(seen).isEmpty();

    AggregateResult tie = custom.aggregate(
        List.of(Ballot.vote("m1", "C"), Ballot.vote("m2", "A"), Ballot.vote("m3", "B")), Map.of("tieBreak", "first"));
    assertThat(tie.winner()).isEqualTo("C");
    assertThat(tie.tied()).containsExactly("A", "B", "C");
    assertThat(tie.details()).containsEntry("tieBreak", "custom");
    assertThat(seen).containsExactly(List.of("A", "B", "C"));
  }

  @Test
  void customTieBreakMayDeclineToPickAWinner() {
    AggregateResult result = new PluralityAggregator(tied -> null)
        .aggregate(List.of(Ballot.vote("m1", "A"), Ballot.vote("m2", "B")), Map.of());

    assertThat(result.winner()).isNull();
    assertThat(result.tied()).containsExactly("A", "B");
    assertThat(result.noWinnerReason()).isEqualTo("tie");
  }

  @Test
  void customTieBreakReturningAnOptionThatIsNotTiedFailsWithAClearMessage() {
    PluralityAggregator custom = new PluralityAggregator(tied -> "Z");

    assertThatThrownBy(() -> custom.aggregate(List.of(Ballot.vote("m1", "A"), Ballot.vote("m2", "B")), Map.of()))
        .isInstanceOf(CouncilException.class)
        .hasMessage("Aggregator 'plurality': the custom tie-break returned 'Z', which is not one of the tied options"
            + " [A, B]. Return one of them, or null for no winner.");
  }

  @Test
  void ballotsWithoutAChoiceAndRepeatVotesAreIgnoredAndCounted() {
    AggregateResult result = plurality.aggregate(
        List.of(
            Ballot.vote("m1", "B"),
            Ballot.ranking("m2", List.of("A", "B")),
            Ballot.vote("m3", "   "),
            Ballot.vote("m4", " A "),
            Ballot.vote("m1", "A")),
        Map.of());

    assertThat(result.scores()).containsExactly(Map.entry("A", 1.0), Map.entry("B", 1.0));
    assertThat(result.details())
        .containsEntry("counted", 2)
        .containsEntry("ignored", 3)
        .containsEntry("ignoredMembers", List.of("m2", "m3", "m1"));
  }

  @Test
  void noBallotsAndNoUsableBallotsAreReportedDifferently() {
    AggregateResult none = plurality.aggregate(List.of(), Map.of());
    assertThat(none.winner()).isNull();
    assertThat(none.noWinnerReason()).isEqualTo("no_ballots");
    assertThat(none.scores()).isEmpty();
    assertThat(none.tied()).isEmpty();

    AggregateResult unusable = plurality.aggregate(List.of(Ballot.ranking("m1", List.of("A"))), Map.of());
    assertThat(unusable.noWinnerReason()).isEqualTo("no_valid_ballots");
    assertThat(unusable.details()).containsEntry("ignored", 1);
  }

  @Test
  void malformedTieBreakOptionsFailWithHowToFixThem() {
    List<Ballot> ballots = List.of(Ballot.vote("m1", "A"));

    assertThatThrownBy(() -> plurality.aggregate(ballots, Map.of("tieBreak", "coin")))
        .isInstanceOfSatisfying(CouncilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessage("Aggregator 'plurality': option 'tieBreak' must be one of first, random, none, got 'coin'."
            + " Fix the round's aggregator options.");
    assertThatThrownBy(() -> plurality.aggregate(ballots, Map.of("tieBreak", "random")))
        .hasMessage("Aggregator 'plurality': tieBreak 'random' needs option 'seed' (an integer) so that runs are"
            + " reproducible.");
    assertThatThrownBy(() -> plurality.aggregate(ballots, Map.of("tieBreak", "random", "seed", "x1")))
        .hasMessage("Aggregator 'plurality': option 'seed' must be an integer, got 'x1'."
            + " Fix the round's aggregator options.");
  }
}
