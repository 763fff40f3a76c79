package dev.council.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Ballot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CondorcetAggregatorTest {
  private final CondorcetAggregator condorcet = new CondorcetAggregator();

  @Test
  void optionBeatingEveryOtherPairwiseWins() {
    // A>B>C, A>C>B, B>A>C.  A:B = 2:1, A:C = 3:0, B:C = 2:1.  Copeland A2 B1 C0.
    AggregateResult result = condorcet.aggregate(
        List.of(
            Ballot.ranking("m1", List.of("A", "B", "C")),
            Ballot.ranking("m2", List.of("A", "C", "B")),
            Ballot.ranking("m3", List.of("B", "A", "C"))),
        Map.of());

    assertThat(result.winner()).isEqualTo("A");
    assertThat(result.tied()).isEmpty();
    assertThat(result.noWinnerReason()).isNull();
    assertThat(result.scores()).containsExactly(Map.entry("A", 2.0), Map.entry("B", 1.0), Map.entry("C", 0.0));
    assertThat(result.details())
        .containsEntry("smithSet", List.of("A"))
        .containsEntry("cycle", List.of())
        .containsEntry("pairwise", Map.of(
            "A", Map.of("B", 2, "C", 3),
            "B", Map.of("A", 1, "C", 2),
            "C", Map.of("A", 0, "B", 1)));
  }

  @Test
  void rockPaperScissorsCycleHasNoWinnerAndReportsTheCycle() {
    // A>B>C, B>C>A, C>A>B: A beats B 2:1, B beats C 2:1, C beats A 2:1.
    AggregateResult result = condorcet.aggregate(
        List.of(
            Ballot.ranking("m1", List.of("A", "B", "C")),
            Ballot.ranking("m2", List.of("B", "C", "A")),
            Ballot.ranking("m3", List.of("C", "A", "B"))),
        Map.of());

    assertThat(result.winner()).isNull();
    assertThat(result.noWinnerReason()).isEqualTo("condorcet_cycle");
    assertThat(result.tied()).containsExactly("A", "B", "C");
    assertThat(result.scores()).containsExactly(Map.entry("A", 1.0), Map.entry("B", 1.0), Map.entry("C", 1.0));
    assertThat(result.details())
        .containsEntry("cycle", List.of("A", "B", "C"))
        .containsEntry("smithSet", List.of("A", "B", "C"))
        .containsEntry("pairwise", Map.of(
            "A", Map.of("B", 2, "C", 1),
            "B", Map.of("A", 1, "C", 2),
            "C", Map.of("A", 2, "B", 1)));
  }

  @Test
  void cycleAboveACondorcetLoserKeepsTheLoserOutOfTheSmithSet() {
    // The 3-cycle again, with D last on every ballot: D loses 0:3 to everyone.
    AggregateResult result = condorcet.aggregate(
        List.of(
            Ballot.ranking("m1", List.of("A", "B", "C", "D")),
            Ballot.ranking("m2", List.of("B", "C", "A", "D")),
            Ballot.ranking("m3", List.of("C", "A", "B", "D"))),
        Map.of());

    assertThat(result.noWinnerReason()).isEqualTo("condorcet_cycle");
    assertThat(result.tied()).containsExactly("A", "B", "C");
    assertThat(result.details()).containsEntry("smithSet", List.of("A", "B", "C"));
    assertThat(result.scores()).containsEntry("A", 2.0).containsEntry("D", 0.0);
  }

  @Test
  void pairwiseTieWithoutCycleIsNoCondorcetWinner() {
    // A>B>C, B>A>C: A:B = 1:1, both beat C 2:0.  Copeland A 1.5, B 1.5, C 0.
    AggregateResult result = condorcet.aggregate(
        List.of(Ballot.ranking("m1", List.of("A", "B", "C")), Ballot.ranking("m2", List.of("B", "A", "C"))),
        Map.of("tieBreak", "first"));

    assertThat(result.winner()).isNull();
    assertThat(result.noWinnerReason()).isEqualTo("no_condorcet_winner");
    assertThat(result.tied()).containsExactly("A", "B");
    assertThat(result.scores()).containsExactly(Map.entry("A", 1.5), Map.entry("B", 1.5), Map.entry("C", 0.0));
    assertThat(result.details()).containsEntry("cycle", List.of()).containsEntry("smithSet", List.of("A", "B"));
  }

  @Test
  void listedCandidatesBeatUnlistedOnes() {
    // m1 ranks only A; m2 ranks C>B>A.  A:B = 1:1, A:C = 1:1, C:B = 1:0 (m1 leaves B and C level).
    // B ties A and A ties C, so nobody stands outside the Smith set; Copeland A 1, B 0.5, C 1.5.
    AggregateResult result = condorcet.aggregate(
        List.of(Ballot.ranking("m1", List.of("A")), Ballot.ranking("m2", List.of("C", "B", "A"))), Map.of());

    assertThat(result.details()).containsEntry("pairwise", Map.of(
        "A", Map.of("B", 1, "C", 1),
        "B", Map.of("A", 1, "C", 0),
        "C", Map.of("A", 1, "B", 1)));
    assertThat(result.noWinnerReason()).isEqualTo("no_condorcet_winner");
    assertThat(result.tied()).containsExactly("A", "B", "C");
    assertThat(result.scores()).containsExactly(Map.entry("C", 1.5), Map.entry("A", 1.0), Map.entry("B", 0.5));
  }

  @Test
  void singleCandidateWins() {
    AggregateResult result = condorcet.aggregate(List.of(Ballot.ranking("m1", List.of("A"))), Map.of());

    assertThat(result.winner()).isEqualTo("A");
    assertThat(result.scores()).containsExactly(Map.entry("A", 0.0));
  }
}
