package dev.council.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What every built-in aggregator promises, checked through ServiceLoader discovery. */
class AggregatorCatalogTest {
  static Stream<Aggregator> aggregators() {
    return ServiceLoader.load(Aggregator.class, AggregatorCatalogTest.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get);
  }

  @Test
  void serviceFileRegistersEveryBuiltInAggregatorOnce() {
    assertThat(aggregators().map(Aggregator::name)).containsExactlyInAnyOrder(
        "plurality", "borda", "condorcet", "schulze", "median_confidence", "confidence_weighted", "peer_ranking",
        "weighted_mean");
  }

  @ParameterizedTest
  @MethodSource("aggregators")
  void noBallotsMeansNoWinnerWithReasonNoBallots(Aggregator aggregator) {
    AggregateResult result = aggregator.aggregate(List.of(), Map.of());

    assertThat(result.aggregator()).isEqualTo(aggregator.name());
    assertThat(result.winner()).isNull();
    assertThat(result.tied()).isEmpty();
    assertThat(result.scores()).isEmpty();
    assertThat(result.noWinnerReason()).isEqualTo("no_ballots");
    assertThat(result.details()).containsEntry("counted", 0).containsEntry("ignored", 0);
  }

  @ParameterizedTest
  @MethodSource("aggregators")
  void emptyBallotsAreIgnoredAndCountedNotThrown(Aggregator aggregator) {
    Ballot empty = new Ballot("m1", null, List.of(), null, null, null);
    Ballot blank = new Ballot("m2", " ", List.of("", " "), Double.NaN, Double.NaN, Double.NaN);

    AggregateResult result = aggregator.aggregate(List.of(empty, blank), Map.of());

    assertThat(result.winner()).isNull();
    assertThat(result.noWinnerReason()).isEqualTo("no_valid_ballots");
    assertThat(result.details())
        .containsEntry("counted", 0)
        .containsEntry("ignored", 2)
        .containsEntry("ignoredMembers", List.of("m1", "m2"));
  }

  @ParameterizedTest
  @MethodSource("aggregators")
  void equalInputsGiveEqualResults(Aggregator aggregator) {
    List<Ballot> ballots = List.of(
        new Ballot("m1", "B", List.of("B", "A", "C"), 1.0, 0.5, 1.0),
        new Ballot("m2", "A", List.of("A", "C", "B"), 2.0, 0.5, 2.0),
        new Ballot("m3", "C", List.of("C", "B", "A"), 3.0, 0.5, 1.0));
    Map<String, Object> options = Map.of("tieBreak", "random", "seed", 11);

    AggregateResult first = aggregator.aggregate(ballots, options);

    assertThat(aggregator.aggregate(ballots, options)).isEqualTo(first);
    assertThat(first.scores()).isNotEmpty();
    if (!first.tied().isEmpty() && first.winner() != null) {
      assertThat(first.tied()).contains(first.winner());
    }
  }
}
