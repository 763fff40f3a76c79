package dev.council.engine.internal.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTest {
  private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

  @Test
  void saturatedNanosIsExactForOrdinaryDurationsAndClampsTheExtremes() {
    assertThat(Durations.saturatedNanos(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
    assertThat(Durations.saturatedNanos(Duration.ZERO)).isZero();
    assertThat(Durations.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedNanos(FOREVER)).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedNanos(Duration.ofDays(365L * 300))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedNanos(Duration.ofSeconds(-5))).isZero();
    assertThat(Durations.saturatedNanos(Duration.ofSeconds(Long.MIN_VALUE))).isZero();
  }

  @Test
  void saturatedDurationsConvertToNanosWithoutOverflow() {
    assertThat(Durations.saturated(FOREVER).toNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturated(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aDeadlineFarInTheFutureStaysInTheFutureWhateverTheClockReads() {
    for (long now : new long[] {0, Long.MAX_VALUE - 10, Long.MIN_VALUE + 10, -1}) {
      long deadline = Durations.deadlineNanos(now, FOREVER);
      assertThat(Durations.nanosLeft(deadline, now)).as("now=%d", now).isPositive();
      assertThat(Durations.nanosLeft(deadline, now + 1_000_000_000L)).as("a second later").isPositive();
    }
    long now = 42;
    long soon = Durations.deadlineNanos(now, Duration.ofNanos(100));
    assertThat(Durations.nanosLeft(soon, now)).isEqualTo(100);
    assertThat(Durations.nanosLeft(soon, now + 200)).isZero();
  }

  @Test
  void sumsSaturateInsteadOfThrowing() {
    assertThat(Durations.plus(Instant.parse("2030-01-01T00:00:00Z"), FOREVER)).isEqualTo(Instant.MAX);
    assertThat(Durations.plus(Instant.EPOCH, Duration.ofSeconds(60))).isEqualTo(Instant.ofEpochSecond(60));
    assertThat(Durations.plus(FOREVER, FOREVER)).isEqualTo(FOREVER);
    assertThat(Durations.plus(Duration.ofSeconds(1), Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(3));
  }
}
