package dev.council.engine.internal.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Ballot;
import dev.council.engine.aggregate.ConfidenceWeightedAggregator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BallotsTest {
  @Test
  void readsEveryFieldOfAStructuredOutput() {
    Ballot ballot = Ballots.from("m1",
        Map.of("choice", " Option B ", "ordering", List.of("B", "A"), "value", 3.5, "confidence", 0.75,
            "rationale", "ignored"),
        2.0, 0.1);

    assertThat(ballot).isEqualTo(new Ballot("m1", "Option B", List.of("B", "A"), 3.5, 0.75, 2.0));
  }

  @Test
  void acceptsNumbersWrittenAsStrings() {
    Ballot ballot = Ballots.from("m1", Map.of("value", " 42.5 ", "confidence", "0.8", "choice", 2.0));

    assertThat(ballot.value()).isEqualTo(42.5);
    assertThat(ballot.confidence()).isEqualTo(0.8);
    assertThat(ballot.choice()).isEqualTo("2");
    assertThat(Ballots.from("m1", Map.of("choice", 7)).choice()).isEqualTo("7");
    assertThat(Ballots.from("m1", Map.of("choice", 2.5)).choice()).isEqualTo("2.5");
    assertThat(Ballots.from("m1", Map.of("value", "about ten")).value()).isNull();
  }

  @Test
  void normalisesConfidenceGivenOutOfAHundred() {
    assertThat(Ballots.confidence(85)).isEqualTo(0.85);
    assertThat(Ballots.confidence("85")).isEqualTo(0.85);
    assertThat(Ballots.confidence(" 85% ")).isEqualTo(0.85);
    assertThat(Ballots.confidence("0.5%")).isEqualTo(0.005);
    assertThat(Ballots.confidence(100)).isEqualTo(1.0);
    assertThat(Ballots.confidence(1)).isEqualTo(1.0);
    assertThat(Ballots.confidence(0.3)).isEqualTo(0.3);
    assertThat(Ballots.confidence(0)).isEqualTo(0.0);
    assertThat(Ballots.confidence(150)).isNull();
    assertThat(Ballots.confidence(-0.2)).isNull();
    assertThat(Ballots.confidence("high")).isNull();
    assertThat(Ballots.confidence(Double.NaN)).isNull();
    assertThat(Ballots.confidence(null)).isNull();
  }

  @Test
  void outputConfidenceWinsAndTheMembersIsTheFallback() {
    assertThat(Ballots.from("m1", Map.of("choice", "A", "confidence", 70), null, 0.2).confidence()).isEqualTo(0.7);
    assertThat(Ballots.from("m1", Map.of("choice", "A"), null, 0.2).confidence()).isEqualTo(0.2);
    assertThat(Ballots.from("m1", Map.of("choice", "A", "confidence", 900), null, 60.0).confidence()).isEqualTo(0.6);
  }

  @Test
  void keepsOnlyUsableWeights() {
    assertThat(Ballots.from("m1", "A", 0.0, null).weight()).isEqualTo(0.0);
    assertThat(Ballots.from("m1", "A", -1.0, null).weight()).isNull();
    assertThat(Ballots.from("m1", "A", Double.NaN, null).weight()).isNull();
  }

  @Test
  void readsOrderingsFromListsAndFromText() {
    assertThat(Ballots.from("m1", Map.of("ordering", "Response B > Response A >Response C")).ordering())
        .containsExactly("Response B", "Response A", "Response C");
    assertThat(Ballots.from("m1", Map.of("ordering", "B, A")).ordering()).containsExactly("B", "A");
    assertThat(Ballots.from("m1", Map.of("ordering", Arrays.asList(3, " x ", null, "", Map.of("y", 1), 1.0))).ordering())
        .containsExactly("3", "x", "1");
  }

  @Test
  void bareValuesAreReadByTheirShape() {
    assertThat(Ballots.from("m1", "  A  ")).isEqualTo(new Ballot("m1", "A", List.of(), null, null, null));
    assertThat(Ballots.from("m1", 12)).isEqualTo(new Ballot("m1", null, List.of(), 12.0, null, null));
    assertThat(Ballots.from("m1", List.of("B", "A"))).isEqualTo(Ballot.ranking("m1", List.of("B", "A")));
    assertThat(Ballots.from("m1", null)).isEqualTo(new Ballot("m1", null, List.of(), null, null, null));
    assertThat(Ballots.from("m1", true)).isEqualTo(new Ballot("m1", null, List.of(), null, null, null));
  }

  @Test
  void ballotsFromModelOutputFeedAnAggregator() {
    Map<String, Object> out1 = new LinkedHashMap<>();
    out1.put("choice", "yes");
    out1.put("confidence", "90");
    Map<String, Object> out2 = new LinkedHashMap<>();
    out2.put("choice", "no");
    out2.put("confidence", 0.4);
    Map<String, Object> out3 = new LinkedHashMap<>();
    out3.put("choice", "no");
    out3.put("confidence", "40%");

    AggregateResult result = new ConfidenceWeightedAggregator().aggregate(
        List.of(Ballots.from("m1", out1), Ballots.from("m2", out2), Ballots.from("m3", out3), Ballots.from("m4", "")),
        Map.of());

    // yes: 0.9.  no: 0.4 + 0.4 = 0.8.  m4's blank answer is ignored.
    assertThat(result.winner()).isEqualTo("yes");
    assertThat(result.details()).containsEntry("ignoredMembers", List.of("m4"));
  }
}
