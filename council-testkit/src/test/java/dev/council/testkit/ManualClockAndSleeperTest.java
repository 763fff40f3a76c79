package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ManualClockAndSleeperTest {

  @Test
  void clockStandsStillUntilMovedAndAZoneViewSharesItsTime() {
    ManualClock clock = new ManualClock();
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START).isEqualTo(clock.instant());
    assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(90));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    clock.set(Instant.parse("2025-06-01T12:00:00Z"));
    assertThat(paris.millis()).isEqualTo(Instant.parse("2025-06-01T12:00:00Z").toEpochMilli());
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use set(Instant) to go back");
  }

  @Test
  void sleeperRecordsWaitsInOrderAndMovesItsClock() throws InterruptedException {
    ManualClock clock = new ManualClock();
    RecordingSleeper sleeper = new RecordingSleeper(clock);

    sleeper.sleep(Duration.ofSeconds(1));
    sleeper.sleep(Duration.ofMillis(2500));

    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(2500));
    assertThat(sleeper.total()).isEqualTo(Duration.ofMillis(3500));
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START.plusMillis(3500));
  }

  @Test
  void anInterruptedThreadGetsInterruptedExceptionAndNothingIsRecorded() throws InterruptedException {
    RecordingSleeper sleeper = new RecordingSleeper();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = Thread.ofVirtual().unstarted(() -> {
      Thread.currentThread().interrupt();
      try {
        sleeper.sleep(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        thrown.set(e);
      }
    });
    t.start();
    t.join();

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(sleeper.sleeps()).isEmpty();
  }
}
