package dev.council.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TieBreakTest {
  @Test
  void splitMix64MatchesTheReferenceImplementation() {
    // First outputs of the reference SplitMix64 generator seeded with 0 (its state after n steps is
    // n * 0x9E3779B97F4A7C15, so output n is splitMix64 of the state before step n).
    assertThat(TieBreak.splitMix64(0)).isEqualTo(0xE220A8397B1DCDAFL);
    assertThat(TieBreak.splitMix64(0x9E3779B97F4A7C15L)).isEqualTo(0x6E789E6AA1B965F4L);
  }
}
