package dev.council.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Ballot;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ConfidenceWeightedAggregatorTest {
  private final ConfidenceWeightedAggregator weighted = new ConfidenceWeightedAggregator();

  @Test
  void sumOfConfidencesBeatsHeadCount() {
    // A: 0.9 + 0.3 = 1.2 from two votes.  B: 0.4 + 0.4 + 0.3 = 1.1 from three.
    AggregateResult result = weighted.aggregate(
        List.of(vote("m1", "A", 0.9), vote("m2", "A", 0.3), vote("m3", "B", 0.4), vote("m4", "B", 0.4),
            vote("m5", "B", 0.3)),
        Map.of());

    assertThat(result.winner()).isEqualTo("A");
    assertThat(result.scores()).containsOnlyKeys("A", "B");
    assertThat(result.scores().get("A")).isCloseTo(1.2, offset(1e-12));
    assertThat(result.scores().get("B")).isCloseTo(1.1, offset(1e-12));
    assertThat(result.details()).containsEntry("votes", Map.of("A", 2, "B", 3));
  }

  @Test
  void weightedMultipliesEachConfidenceByItsBallotsWeight() {
    // A: 0.9 * 0.2 = 0.18.  B: 0.5 * 0.8 + 0.5 * (no weight: 1) = 0.9.  Unweighted A 0.9 < B 1.0 either way,
    // so the weights are checked through the totals.
    List<Ballot> ballots = List.of(new Ballot("m1", "A", List.of(), null, 0.9, 0.2),
        new Ballot("m2", "B", List.of(), null, 0.5, 0.8), new Ballot("m3", "B", List.of(), null, 0.5, null));

    AggregateResult plain = weighted.aggregate(ballots, Map.of());
    AggregateResult byWeight = weighted.aggregate(ballots, Map.of("weighted", true));

    assertThat(plain.scores().get("A")).isCloseTo(0.9, offset(1e-12));
    assertThat(byWeight.scores().get("A")).isCloseTo(0.18, offset(1e-12));
    assertThat(byWeight.scores().get("B")).isCloseTo(0.9, offset(1e-12));
    assertThat(weighted.aggregate(ballots, Map.of("reliability", true)).scores()).isEqualTo(byWeight.scores());
  }

  @Test
  void aWeightedOptionThatIsNotABooleanIsAValidationError() {
    assertThat(weighted.validate(Map.of("weighted", "very"), "rounds[1].options"))
        .extracting(dev.council.api.ValidationError::path).containsExactly("rounds[1].options.weighted");
  }

  @Test
  void withoutConfidencesEveryVoteCountsOneAsInPlurality() {
    AggregateResult result = weighted.aggregate(
        List.of(vote("m1", "A", null), vote("m2", "B", null), vote("m3", "B", null)), Map.of());

    assertThat(result.winner()).isEqualTo("B");
    assertThat(result.scores()).containsExactly(Map.entry("B", 2.0), Map.entry("A", 1.0));
  }

  @Test
  void totalsEqualUpToRoundingAreATie() {
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; it still ties with 0.3.
    AggregateResult result = weighted.aggregate(
        List.of(vote("m1", "A", 0.1), vote("m2", "A", 0.2), vote("m3", "B", 0.3)), Map.of());

    assertThat(result.tied()).containsExactly("A", "B");
    assertThat(result.winner()).isEqualTo("A");
    assertThat(result.details()).containsEntry("tieBreak", "first");
  }

  @Test
  void invalidConfidenceOrMissingChoiceIsIgnored() {
    AggregateResult result = weighted.aggregate(
        List.of(vote("m1", "A", 2.0), new Ballot("m2", null, List.of(), null, 0.5, null), vote("m3", "B", 0.5)),
        Map.of());

    assertThat(result.scores()).containsExactly(Map.entry("B", 0.5));
    assertThat(result.details()).containsEntry("ignored", 2);
  }

  private static Ballot vote(String member, String choice, @Nullable Double confidence) {
    return new Ballot(member, choice, List.of(), null, confidence, null);
  }
}
