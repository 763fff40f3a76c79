package dev.council.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundResultTest {
  private static MemberResult result(String id, MemberStatus status) {
    return new MemberResult(id, status, status == MemberStatus.OK ? "answer " + id : null, null, Usage.ZERO, 1,
        Duration.ZERO, null, null, null, null, Map.of());
  }

  private static RoundResult round(MemberResult... members) {
    return new RoundResult("r", "independent_analysis", 0, 0, List.of(members), null, Map.of());
  }

  @Test
  void successfulKeepsTheOkMembersInOrderAndCannotBeChanged() {
    MemberResult a = result("a", MemberStatus.OK);
    MemberResult b = result("b", MemberStatus.ERROR);
    MemberResult c = result("c", MemberStatus.OK);
    MemberResult d = result("d", MemberStatus.TIMEOUT);

    assertThat(round(a, b, c, d).successful()).containsExactly(a, c);
    assertThat(round(a, c).successful()).containsExactly(a, c);
    assertThat(round(b, d).successful()).isEmpty();
    assertThat(round().successful()).isEmpty();
    for (List<MemberResult> ok : List.of(round(a, b, c).successful(), round(a, c).successful())) {
      assertThatThrownBy(() -> ok.add(d)).isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
