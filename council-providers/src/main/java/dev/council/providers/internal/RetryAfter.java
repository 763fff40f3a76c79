package dev.council.providers.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads how long a provider asked us to wait. Stateless; {@code now} is passed in. */
final class RetryAfter {
  private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");
  private static final Pattern PROTO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)s");

  private RetryAfter() {}

  /** From {@code retry-after-ms} (OpenAI) or {@code Retry-After} in seconds or as an HTTP-date. */
  static Optional<Duration> fromHeaders(HttpHeaders headers, Instant now) {
    Optional<Duration> ms = headers.firstValue("retry-after-ms").flatMap(v -> seconds(v.trim(), 1000));
    if (ms.isPresent()) {
      return ms;
    }
    return headers.firstValue("retry-after").flatMap(v -> parse(v, now));
  }

  /** {@code 120}, {@code 1.5} (seconds) or {@code Wed, 21 Oct 2015 07:28:00 GMT}; a past date means now. */
  static Optional<Duration> parse(String value, Instant now) {
    String v = value.trim();
    if (SECONDS.matcher(v).matches()) {
      return seconds(v, 1);
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A protobuf JSON duration such as Gemini's {@code "retryDelay": "37s"} or {@code "0.5s"}. */
  static Optional<Duration> protoDuration(String value) {
    Matcher m = PROTO_DURATION.matcher(value.trim());
    return m.matches() ? seconds(m.group(1), 1) : Optional.empty();
  }

  private static Optional<Duration> seconds(String number, int perSecond) {
    if (!SECONDS.matcher(number).matches()) {
      return Optional.empty();
    }
    BigDecimal millis = new BigDecimal(number).multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(perSecond));
    return Optional.of(Duration.ofMillis(millis.setScale(0, RoundingMode.CEILING).longValueExact()));
  }
}
