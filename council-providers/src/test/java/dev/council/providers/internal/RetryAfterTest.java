package dev.council.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

  @Test
  void secondsAndFractionsOfSeconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 1.5 ", NOW)).contains(Duration.ofMillis(1500));
    assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
  }

  @Test
  void httpDateIsCountedFromNowAndAPastDateMeansNow() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:45 GMT", NOW)).contains(Duration.ofSeconds(45));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void garbageIsIgnored() {
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
  }

  @Test
  void millisecondHeaderWinsOverSeconds() {
    HttpHeaders headers = HttpHeaders.of(Map.of("retry-after-ms", List.of("250"), "retry-after", List.of("9")),
        (k, v) -> true);
    assertThat(RetryAfter.fromHeaders(headers, NOW)).contains(Duration.ofMillis(250));
    assertThat(RetryAfter.fromHeaders(HttpHeaders.of(Map.of(), (k, v) -> true), NOW)).isEqualTo(Optional.empty());
  }

  @Test
  void protobufDurations() {
    assertThat(RetryAfter.protoDuration("37s")).contains(Duration.ofSeconds(37));
    assertThat(RetryAfter.protoDuration("0.250s")).contains(Duration.ofMillis(250));
    assertThat(RetryAfter.protoDuration("37")).isEmpty();
  }
}
