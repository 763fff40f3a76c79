package dev.council.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Ballot;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class WeightedMeanAggregatorTest {
  private final WeightedMeanAggregator mean = new WeightedMeanAggregator();

  @Test
  void weightedMeanIsReportedAsANumberWithoutAWinner() {
    // (10·1 + 20·3 + 40·0) / (1 + 3 + 0) = 70 / 4 = 17.5; m1 has no weight, so 1.
    AggregateResult result = mean.aggregate(
        List.of(value("m1", 10.0, null), value("m2", 20.0, 3.0), value("m3", 40.0, 0.0)), Map.of());

    assertThat(result.winner()).isNull();
    assertThat(result.noWinnerReason()).isEqualTo("numeric_aggregate");
    assertThat(result.tied()).isEmpty();
    assertThat(result.scores()).containsExactly(Map.entry("mean", 17.5));
    assertThat(result.details())
        .containsEntry("mean", 17.5)
        .containsEntry("totalWeight", 4.0)
        .containsEntry("values", Map.of("m1", 10.0, "m2", 20.0, "m3", 40.0))
        .containsEntry("weights", Map.of("m1", 1.0, "m2", 3.0, "m3", 0.0));
  }

  @Test
  void missingOrNonFiniteValuesAndBadWeightsAreIgnored() {
    AggregateResult result = mean.aggregate(
        List.of(
            value("m1", 4.0, 1.0),
            value("m2", null, 1.0),
            value("m3", Double.NaN, 1.0),
            value("m4", 100.0, -1.0),
            value("m5", 100.0, Double.POSITIVE_INFINITY),
            value("m6", 8.0, 1.0)),
        Map.of());

    assertThat(result.scores()).containsExactly(Map.entry("mean", 6.0));
    assertThat(result.details()).containsEntry("ignored", 4).containsEntry("ignoredMembers", List.of("m2", "m3", "m4", "m5"));
  }

  @Test
  void allZeroWeightsHaveNoMean() {
    AggregateResult result = mean.aggregate(List.of(value("m1", 4.0, 0.0), value("m2", 5.0, 0.0)), Map.of());

    assertThat(result.noWinnerReason()).isEqualTo("zero_weight");
    assertThat(result.scores()).isEmpty();
    assertThat(result.details()).doesNotContainKey("mean").containsEntry("counted", 2);
  }

  private static Ballot value(String member, @Nullable Double value, @Nullable Double weight) {
    return new Ballot(member, null, List.of(), value, null, weight);
  }
}
