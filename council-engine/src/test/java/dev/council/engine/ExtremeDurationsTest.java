package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.council;
import static dev.council.engine.TestSupport.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Council;
import dev.council.api.ErrorKind;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Result;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.config.ConfigException;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.testkit.RecordingSleeper;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Durations far too long to count in nanoseconds mean "practically forever", never an overflow in a run. */
class ExtremeDurationsTest {
  private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

  private final MockProvider mock = MockProvider.create("mock");
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock)
      .sleeper(sleeper::sleep).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aCouncilMemberTimeoutOfLongMaxValueSecondsIsAValidationErrorBeforeAnyCall() {
    Council c = Council.builder("forever").member(TestSupport.member("a").toBuilder().timeout(FOREVER).build())
        .round(Round.of("independent_analysis")).build();

    assertThatThrownBy(() -> engine.run(c, QUESTION))
        .isInstanceOfSatisfying(InvalidCouncilException.class, e -> assertThat(e.errors())
            .singleElement()
            .satisfies(err -> {
              assertThat(err.path()).isEqualTo("members[0].timeout");
              assertThat(err.code()).isEqualTo("invalid_value");
              assertThat(err.message()).contains("at most 24h");
            }));
    assertThat(mock.requests("a")).isEmpty();
  }

  @Test
  void runOptionsWithHugeMemberAndAwaitTimeoutsLetTheRunCompleteNormally() {
    mock.script("a", MockScript.content("answer"));

    Result r = engine.run(council(1, false), QUESTION,
        RunOptions.builder().memberTimeout(FOREVER).awaitTimeout(FOREVER).build());

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.answer()).isEqualTo("answer");
  }

  @Test
  void awaitingWithLongMaxValueSecondsReturnsTheResult() {
    mock.script("a", MockScript.content("answer"));
    try (RunHandle h = engine.start(council(1, false), QUESTION)) {
      Result r = h.await(FOREVER);

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    }
  }

  @Test
  void aHugeRetryBackoffIsWaitedSaturatedAndTheRetrySucceeds() {
    mock.script("a", MockScript.sequence(MockScript.error(ErrorKind.TRANSIENT, "503 unavailable"),
        MockScript.error(ErrorKind.TRANSIENT, "503 again"), MockScript.content("third time lucky")));
    RetryPolicy huge = new RetryPolicy(3, Duration.ofSeconds(Long.MAX_VALUE / 2), FOREVER);

    Result r = engine.run(council(1, false), QUESTION, RunOptions.builder().retry(huge).build());

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.answer()).isEqualTo("third time lucky");
    assertThat(sleeper.sleeps()).hasSize(2).allSatisfy(d -> {
      assertThat(d).isPositive();
      assertThat(d).isLessThanOrEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    });
  }

  @Test
  void aHugeRetryAfterFromTheProviderIsWaitedSaturated() {
    mock.script("a", MockScript.sequence(MockScript.error(ErrorKind.RATE_LIMITED, "429 slow down", FOREVER),
        MockScript.content("after the wait")));

    Result r = engine.run(council(1, false), QUESTION,
        RunOptions.builder().retry(RetryPolicy.of(2, Duration.ofMillis(1))).build());

    assertThat(r.answer()).isEqualTo("after the wait");
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofNanos(Long.MAX_VALUE));
  }

  @Test
  void aHugeConfiguredDefaultMemberTimeoutIsAConfigurationErrorNamingTheKey() {
    assertThatThrownBy(() -> CouncilEngine.builder().provider("mock", mock).sleeper(sleeper::sleep)
            .config(TestSupport.config("council.defaults.member-timeout", Long.MAX_VALUE + "s"))
            .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("council.defaults.member-timeout")
        .hasMessageContaining("at most 24h");
  }

  @Test
  void aHugeRetentionAndAToolTimeoutAtTheLimitLetRunsCompleteAndStayQueryable() {
    engine.close();
    engine = CouncilEngine.builder().provider("mock", mock).sleeper(sleeper::sleep)
        .config(TestSupport.config("council.reap-after", Long.MAX_VALUE + "s"))
        .build();
    mock.script("a", MockScript.content("answer"));
    Council c = Council.builder("tool-a-day")
        .member(member("a").toBuilder().option("toolTimeout", Duration.ofHours(24).toMillis()).build())
        .round(Round.of("independent_analysis")).build();

    String runId;
    try (RunHandle h = engine.start(c, QUESTION)) {
      assertThat(h.await(FOREVER).status()).isEqualTo(RunStatus.COMPLETED);
      runId = h.runId();
    }

    assertThat(engine.find(runId)).isPresent();
  }
}
