package dev.council.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Ballot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerRankingAggregatorTest {
  private static final Map<String, Object> LABELS =
      Map.of("Response A", "alice", "Response B", "bob", "Response C", "carol");

  /** alice and carol each rank their own answer; bob (properly anonymized) does not see his. */
  private static final List<Ballot> BALLOTS = List.of(
      Ballot.ranking("alice", List.of("Response B", "Response A", "Response C")),
      Ballot.ranking("bob", List.of("Response A", "Response C")),
      Ballot.ranking("carol", List.of("Response C", "Response A", "Response B")));

  private final PeerRankingAggregator peer = new PeerRankingAggregator();

  @Test
  void selfVotesAreDroppedBeforeBordaAndTheWinnerIsALabelWithItsMember() {
    // N = 3.  alice counts [B, C]: B2 C1.  bob [A, C]: A2 C1.  carol counts [A, B]: A2 B1.
    // A = 0+2+2 = 4, B = 2+0+1 = 3, C = 1+1+0 = 2.
    AggregateResult result = peer.aggregate(BALLOTS, Map.of("labelToMember", LABELS));

    assertThat(result.aggregator()).isEqualTo("peer_ranking");
    assertThat(result.winner()).isEqualTo("Response A");
    assertThat(result.tied()).isEmpty();
    assertThat(result.scores()).containsExactly(
        Map.entry("Response A", 4.0), Map.entry("Response B", 3.0), Map.entry("Response C", 2.0));
    assertThat(result.details())
        .containsEntry("winnerMember", "alice")
        .containsEntry("labelToMember", LABELS)
        .containsEntry("judgeBallots", Map.of(
            "alice", List.of("Response B", "Response C"),
            "bob", List.of("Response A", "Response C"),
            "carol", List.of("Response A", "Response B")))
        .containsEntry("excludedSelfVotes", Map.of("alice", "Response A", "carol", "Response C"))
        // A: 1st for bob and carol → 1.0.  B: 1st for alice, 2nd for carol → 1.5.  C: 2nd twice → 2.0.
        .containsEntry("averagePosition", Map.of("Response A", 1.0, "Response B", 1.5, "Response C", 2.0))
        .containsEntry("votes", Map.of("Response A", 2, "Response B", 2, "Response C", 2))
        .containsEntry("counted", 3);
  }

  @Test
  void keepingSelfVotesChangesTheOrderBelowTheWinner() {
    // alice [B, A, C]: B2 A1 C0.  bob [A, C]: A2 C1.  carol [C, A, B]: C2 A1 B0.  A 4, C 3, B 2.
    AggregateResult result = peer.aggregate(BALLOTS, Map.of("labelToMember", LABELS, "excludeSelf", false));

    assertThat(result.scores()).containsExactly(
        Map.entry("Response A", 4.0), Map.entry("Response C", 3.0), Map.entry("Response B", 2.0));
    assertThat(result.details())
        .containsEntry("excludedSelfVotes", Map.of())
        .containsEntry("averagePosition", Map.of("Response A", 5.0 / 3, "Response B", 2.0, "Response C", 2.0));
  }

  @Test
  void excludeSelfAcceptsTheStringFalse() {
    AggregateResult result = peer.aggregate(BALLOTS, Map.of("labelToMember", LABELS, "excludeSelf", "false"));

    assertThat(result.details()).containsEntry("excludedSelfVotes", Map.of());
    assertThatThrownBy(() -> peer.aggregate(BALLOTS, Map.of("excludeSelf", "maybe")))
        .hasMessage("Aggregator 'peer_ranking': option 'excludeSelf' must be true or false, got 'maybe'."
            + " Fix the round's aggregator options.");
  }

  @Test
  void labelsOutsideTheMapAreDroppedAndReported() {
    // With the map, candidates are its three labels (N = 3) even though bob names only one real label.
    AggregateResult result = peer.aggregate(
        List.of(
            Ballot.ranking("alice", List.of("Response Z", "Response C")),
            Ballot.ranking("bob", List.of("Response Q"))),
        Map.of("labelToMember", LABELS));

    assertThat(result.winner()).isEqualTo("Response C");
    assertThat(result.details())
        .containsEntry("winnerMember", "carol")
        .containsEntry("unknownLabels", List.of("Response Q", "Response Z"))
        .containsEntry("candidates", List.of("Response A", "Response B", "Response C"))
        .containsEntry("ignoredMembers", List.of("bob"));
    assertThat(result.scores()).containsExactly(
        Map.entry("Response C", 2.0), Map.entry("Response A", 0.0), Map.entry("Response B", 0.0));
  }

  @Test
  void withoutALabelMapTheLabelsAreTheCandidatesAndNoMemberIsNamed() {
    // N = 2.  j1 X>Y: X1.  j2 Y>X: Y1.  Tie, settled alphabetically.
    AggregateResult result = peer.aggregate(
        List.of(Ballot.ranking("j1", List.of("X", "Y")), Ballot.ranking("j2", List.of("Y", "X"))), Map.of());

    assertThat(result.winner()).isEqualTo("X");
    assertThat(result.tied()).containsExactly("X", "Y");
    assertThat(result.details())
        .doesNotContainKeys("winnerMember", "labelToMember")
        .containsEntry("averagePosition", Map.of("X", 1.5, "Y", 1.5));
  }

  @Test
  void tieWithoutTieBreakNamesNoWinnerMember() {
    // carol: A2 B1.  alice (self kept): B2 A1.  A 3, B 3.
    AggregateResult result = peer.aggregate(
        List.of(Ballot.ranking("carol", List.of("Response A", "Response B")),
            Ballot.ranking("alice", List.of("Response B", "Response A"))),
        Map.of("labelToMember", LABELS, "tieBreak", "none", "excludeSelf", false));

    assertThat(result.winner()).isNull();
    assertThat(result.tied()).containsExactly("Response A", "Response B");
    assertThat(result.noWinnerReason()).isEqualTo("tie");
    assertThat(result.details()).doesNotContainKey("winnerMember");
  }

  @Test
  void tieSettledByTieBreakNamesTheChosenMember() {
    AggregateResult result = peer.aggregate(
        List.of(Ballot.ranking("carol", List.of("Response B", "Response A")),
            Ballot.ranking("alice", List.of("Response C", "Response B"))),
        Map.of("labelToMember", LABELS));

    // carol: B2 A1.  alice: C2 B1.  B 3, A 1, C 2 → no tie; B wins, member bob.
    assertThat(result.winner()).isEqualTo("Response B");
    assertThat(result.details()).containsEntry("winnerMember", "bob");

    AggregateResult tie = peer.aggregate(
        List.of(Ballot.ranking("carol", List.of("Response B")), Ballot.ranking("alice", List.of("Response C"))),
        Map.of("labelToMember", LABELS, "tieBreak", "random", "seed", 0));
    // B 2, C 2; floorMod(splitMix64(0), 2) == 1 → the second of [Response B, Response C].
    assertThat(tie.tied()).containsExactly("Response B", "Response C");
    assertThat(tie.winner()).isEqualTo("Response C");
    assertThat(tie.details()).containsEntry("winnerMember", "carol").containsEntry("tieBreak", "random");
  }
}
