package dev.council.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsageTest {
  @Test
  void plusAddsTokensAndKnownCosts() {
    assertThat(new Usage(10, 5, 0.25).plus(new Usage(1, 2, 0.5))).isEqualTo(new Usage(11, 7, 0.75));
    assertThat(new Usage(10, 5, null).plus(new Usage(1, 2, 0.5))).isEqualTo(new Usage(11, 7, 0.5));
    assertThat(new Usage(10, 5, 0.25).plus(Usage.of(1, 2))).isEqualTo(new Usage(11, 7, 0.25));
  }

  @Test
  void addingNothingGivesTheOtherOperand() {
    Usage some = new Usage(3, 4, 0.1);

    assertThat(Usage.ZERO.plus(some)).isSameAs(some);
    assertThat(some.plus(Usage.ZERO)).isSameAs(some);
    assertThat(some.plus(Usage.of(0, 0))).isSameAs(some);
    assertThat(Usage.ZERO.plus(new Usage(0, 0, 0.0))).isEqualTo(new Usage(0, 0, 0.0));
  }
}
