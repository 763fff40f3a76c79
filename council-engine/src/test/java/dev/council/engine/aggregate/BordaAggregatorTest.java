package dev.council.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Ballot;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BordaAggregatorTest {
  private final BordaAggregator borda = new BordaAggregator();

  @Test
  void positionsScoreNMinusOneMinusKAndUnlistedCandidatesScoreZero() {
    // N = 3.  m1 A>B>C: A2 B1 C0.  m2 B>C>A: B2 C1 A0.  m3 B>A (C unlisted): B2 A1 C0.  m4 C>A>B: C2 A1 B0.
    // Totals: A = 2+0+1+1 = 4, B = 1+2+2+0 = 5, C = 0+1+0+2 = 3.
    AggregateResult result = borda.aggregate(
        List.of(
            Ballot.ranking("m1", List.of("A", "B", "C")),
            Ballot.ranking("m2", List.of("B", "C", "A")),
            Ballot.ranking("m3", List.of("B", "A")),
            Ballot.ranking("m4", List.of("C", "A", "B"))),
        Map.of());

    assertThat(result.winner()).isEqualTo("B");
    assertThat(result.tied()).isEmpty();
    assertThat(result.scores()).containsExactly(Map.entry("B", 5.0), Map.entry("A", 4.0), Map.entry("C", 3.0));
    assertThat(result.details()).containsEntry("candidates", List.of("A", "B", "C")).containsEntry("counted", 4);
  }

  @Test
  void equalTotalsAreATieSettledByTheTieBreakOption() {
    // N = 2.  m1 A>B: A1 B0.  m2 B>A: B1 A0.  A = B = 1.
    List<Ballot> ballots = List.of(Ballot.ranking("m1", List.of("A", "B")), Ballot.ranking("m2", List.of("B", "A")));

    AggregateResult first = borda.aggregate(ballots, Map.of());
    assertThat(first.winner()).isEqualTo("A");
    assertThat(first.tied()).containsExactly("A", "B");
    assertThat(first.scores()).containsExactly(Map.entry("A", 1.0), Map.entry("B", 1.0));

    AggregateResult none = borda.aggregate(ballots, Map.of("tieBreak", "none"));
    assertThat(none.winner()).isNull();
    assertThat(none.tied()).containsExactly("A", "B");
    assertThat(none.noWinnerReason()).isEqualTo("tie");
  }

  @Test
  void orderingsAreCleanedAndEmptyOnesIgnored() {
    // After cleaning m1 is [A, B] (N = 2): A1 B0.  m2 is empty and ignored.
    AggregateResult result = borda.aggregate(
        List.of(
            Ballot.ranking("m1", Arrays.asList(" A ", "", "B", "A")),
            Ballot.ranking("m2", List.of(" ")),
            Ballot.vote("m3", "B")),
        Map.of());

    assertThat(result.winner()).isEqualTo("A");
    assertThat(result.scores()).containsExactly(Map.entry("A", 1.0), Map.entry("B", 0.0));
    assertThat(result.details()).containsEntry("ignored", 2).containsEntry("ignoredMembers", List.of("m2", "m3"));
  }
}
