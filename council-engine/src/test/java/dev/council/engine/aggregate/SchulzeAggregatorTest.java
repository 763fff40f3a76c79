package dev.council.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Ballot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchulzeAggregatorTest {
  private final SchulzeAggregator schulze = new SchulzeAggregator();

  /**
   * The 45-voter example of Schulze's method (Schulze 2011, and the Wikipedia article "Schulze
   * method"): 5 ACBED, 5 ADECB, 8 BEDAC, 3 CABED, 7 CAEBD, 2 CBADE, 7 DCEBA, 8 EBADC. Published
   * result: E > A > C > B > D.
   */
  @Test
  void reproducesTheFortyFiveVoterExampleFromTheLiterature() {
    List<Ballot> ballots = new ArrayList<>();
    add(ballots, 5, "ACBED");
    add(ballots, 5, "ADECB");
    add(ballots, 8, "BEDAC");
    add(ballots, 3, "CABED");
    add(ballots, 7, "CAEBD");
    add(ballots, 2, "CBADE");
    add(ballots, 7, "DCEBA");
    add(ballots, 8, "EBADC");

    AggregateResult result = schulze.aggregate(ballots, Map.of());

    assertThat(result.details()).containsEntry("pairwise", Map.of(
        "A", Map.of("B", 20, "C", 26, "D", 30, "E", 22),
        "B", Map.of("A", 25, "C", 16, "D", 33, "E", 18),
        "C", Map.of("A", 19, "B", 29, "D", 17, "E", 24),
        "D", Map.of("A", 15, "B", 12, "C", 28, "E", 14),
        "E", Map.of("A", 23, "B", 27, "C", 21, "D", 31)));
    assertThat(result.details()).containsEntry("strongestPaths", Map.of(
        "A", Map.of("B", 28, "C", 28, "D", 30, "E", 24),
        "B", Map.of("A", 25, "C", 28, "D", 33, "E", 24),
        "C", Map.of("A", 25, "B", 29, "D", 29, "E", 24),
        "D", Map.of("A", 25, "B", 28, "C", 28, "E", 24),
        "E", Map.of("A", 25, "B", 28, "C", 28, "D", 31)));
    assertThat(result.details()).containsEntry("ranking",
        List.of(List.of("E"), List.of("A"), List.of("C"), List.of("B"), List.of("D")));
    assertThat(result.winner()).isEqualTo("E");
    assertThat(result.tied()).isEmpty();
    assertThat(result.scores()).containsExactly(
        Map.entry("E", 4.0), Map.entry("A", 3.0), Map.entry("C", 2.0), Map.entry("B", 1.0), Map.entry("D", 0.0));
    assertThat(result.details()).containsEntry("counted", 45);
  }

  @Test
  void symmetricCycleIsAnExplicitThreeWayTie() {
    // A>B>C, B>C>A, C>A>B: every direct win is 2:1, so every strongest path has strength 2.
    List<Ballot> ballots = List.of(
        Ballot.ranking("m1", List.of("A", "B", "C")),
        Ballot.ranking("m2", List.of("B", "C", "A")),
        Ballot.ranking("m3", List.of("C", "A", "B")));

    AggregateResult first = schulze.aggregate(ballots, Map.of());
    assertThat(first.details()).containsEntry("ranking", List.of(List.of("A", "B", "C")));
    assertThat(first.tied()).containsExactly("A", "B", "C");
    assertThat(first.winner()).isEqualTo("A");
    assertThat(first.details()).containsEntry("tieBreak", "first");

    AggregateResult none = schulze.aggregate(ballots, Map.of("tieBreak", "none"));
    assertThat(none.winner()).isNull();
    assertThat(none.noWinnerReason()).isEqualTo("tie");
    assertThat(none.tied()).containsExactly("A", "B", "C");
  }

  @Test
  void tieFurtherDownTheRankingIsAPlaceWithSeveralOptions() {
    // A>B>C, A>C>B: A beats both 2:0; B:C = 1:1.  Ranking [[A], [B, C]].
    AggregateResult result = schulze.aggregate(
        List.of(Ballot.ranking("m1", List.of("A", "B", "C")), Ballot.ranking("m2", List.of("A", "C", "B"))),
        Map.of());

    assertThat(result.winner()).isEqualTo("A");
    assertThat(result.tied()).isEmpty();
    assertThat(result.details()).containsEntry("ranking", List.of(List.of("A"), List.of("B", "C")));
    assertThat(result.scores()).containsExactly(Map.entry("A", 2.0), Map.entry("B", 0.0), Map.entry("C", 0.0));
  }

  private static void add(List<Ballot> ballots, int count, String order) {
    for (int i = 0; i < count; i++) {
      ballots.add(Ballot.ranking(order + "-" + i, order.chars().mapToObj(Character::toString).toList()));
    }
  }
}
