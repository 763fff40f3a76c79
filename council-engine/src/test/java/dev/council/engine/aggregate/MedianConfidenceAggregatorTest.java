package dev.council.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Ballot;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class MedianConfidenceAggregatorTest {
  private final MedianConfidenceAggregator median = new MedianConfidenceAggregator();

  @Test
  void highestMedianWinsEvenWithFewerVotes() {
    // A: 0.9, 0.5, 0.7 → median 0.7.  B: 0.8, 0.9 → (0.8 + 0.9) / 2 = 0.85.
    AggregateResult result = median.aggregate(
        List.of(vote("m1", "A", 0.9), vote("m2", "A", 0.5), vote("m3", "A", 0.7), vote("m4", "B", 0.8),
            vote("m5", "B", 0.9)),
        Map.of());

    assertThat(result.winner()).isEqualTo("B");
    assertThat(result.tied()).isEmpty();
    assertThat(result.scores()).containsOnlyKeys("A", "B");
    assertThat(result.scores().get("B")).isCloseTo(0.85, offset(1e-12));
    assertThat(result.scores().get("A")).isEqualTo(0.7);
    assertThat(result.details())
        .containsEntry("votes", Map.of("A", 3, "B", 2))
        .containsEntry("confidences", Map.of("A", List.of(0.9, 0.5, 0.7), "B", List.of(0.8, 0.9)));
  }

  @Test
  void voteWithoutConfidenceCountsAsFullConfidence() {
    AggregateResult result = median.aggregate(List.of(vote("m1", "A", null), vote("m2", "B", 0.9)), Map.of());

    assertThat(result.winner()).isEqualTo("A");
    assertThat(result.scores()).containsExactly(Map.entry("A", 1.0), Map.entry("B", 0.9));
  }

  @Test
  void confidencesOutsideZeroToOneAreIgnored() {
    AggregateResult result = median.aggregate(
        List.of(vote("m1", "A", 1.5), vote("m2", "A", -0.1), vote("m3", "A", Double.NaN), vote("m4", "B", 0.2)),
        Map.of());

    assertThat(result.winner()).isEqualTo("B");
    assertThat(result.scores()).containsExactly(Map.entry("B", 0.2));
    assertThat(result.details()).containsEntry("ignoredMembers", List.of("m1", "m2", "m3"));
  }

  @Test
  void equalMediansAreATie() {
    AggregateResult result = median.aggregate(
        List.of(vote("m1", "B", 0.6), vote("m2", "A", 0.6)), Map.of("tieBreak", "none"));

    assertThat(result.winner()).isNull();
    assertThat(result.tied()).containsExactly("A", "B");
    assertThat(result.noWinnerReason()).isEqualTo("tie");
  }

  private static Ballot vote(String member, String choice, @Nullable Double confidence) {
    return new Ballot(member, choice, List.of(), null, confidence, null);
  }
}
