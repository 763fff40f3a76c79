package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.council;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.ErrorKind;
import dev.council.api.FailureMode;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.testkit.RecordingSleeper;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTimeoutAndFailureModeTest {
  private final MockProvider mock = MockProvider.create("mock");
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private CouncilEngine engine = engine(TestSupport.config());

  private CouncilEngine engine(dev.council.api.config.CouncilConfig config) {
    return CouncilEngine.builder().config(config).provider("mock", mock).sleeper(sleeper::sleep).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void transientErrorsAreRetriedWithExponentialBackoffAndAttemptsCounted() {
    mock.script("a", MockScript.sequence(
        MockScript.error(ErrorKind.TRANSIENT, "502 bad gateway"),
        MockScript.error(ErrorKind.TRANSIENT, "503 unavailable"),
        MockScript.content("third time lucky")));

    Result r = engine.run(council(1, false), QUESTION,
        RunOptions.builder().retry(RetryPolicy.of(3, Duration.ofSeconds(2))).build());

    MemberResult a = r.rounds().get(0).members().get(0);
    assertThat(a.status()).isEqualTo(MemberStatus.OK);
    assertThat(a.attempts()).isEqualTo(3);
    assertThat(mock.calls("a")).isEqualTo(3);
    assertThat(sleeper.sleeps()).hasSize(2);
    assertThat(sleeper.sleeps().get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(sleeper.sleeps().get(1)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void permanentAndValidationErrorsAreNotRetried() {
    mock.script("a", MockScript.error(ErrorKind.PERMANENT, "401 invalid key"));
    mock.script("b", MockScript.error(ErrorKind.VALIDATION, "bad request"));

    Result r = engine.run(council(3, false), QUESTION,
        RunOptions.builder().retry(RetryPolicy.of(5, Duration.ofSeconds(1))).build());

    assertThat(mock.calls("a")).isEqualTo(1);
    assertThat(mock.calls("b")).isEqualTo(1);
    assertThat(sleeper.sleeps()).isEmpty();
    MemberResult a = r.rounds().get(0).member("a").orElseThrow();
    assertThat(a.status()).isEqualTo(MemberStatus.ERROR);
    assertThat(a.attempts()).isEqualTo(1);
    assertThat(a.error().kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(a.error().memberId()).isEqualTo("a");
    assertThat(a.error().round()).isEqualTo("independent_analysis");
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void rateLimitRetryAfterReplacesTheComputedBackoff() {
    mock.script("a", MockScript.sequence(
        MockScript.error(ErrorKind.RATE_LIMITED, "429 slow down", Duration.ofSeconds(7)),
        MockScript.content("ok")));

    Result r = engine.run(council(1, false), QUESTION);

    assertThat(r.rounds().get(0).members().get(0).attempts()).isEqualTo(2);
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void defaultRetryIsTwoAttemptsAndTheLastErrorIsKept() {
    mock.script("a", MockScript.error(ErrorKind.TRANSIENT, "connection reset"));
    mock.script("b", MockScript.content("fine"));

    Result r = engine.run(council(2, false), QUESTION);

    MemberResult a = r.rounds().get(0).member("a").orElseThrow();
    assertThat(a.attempts()).isEqualTo(2);
    assertThat(a.error().message()).contains("connection reset");
    assertThat(sleeper.sleeps()).hasSize(1);
    assertThat(sleeper.sleeps().get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void retryPrecedenceIsMemberOverRunOptionsOverConfig() {
    engine.close();
    engine = engine(TestSupport.config("council.defaults.retry.max-attempts", "4",
        "council.defaults.retry.base-backoff", "10ms"));
    mock.script("a", MockScript.error(ErrorKind.TRANSIENT, "down"));
    mock.script("b", MockScript.error(ErrorKind.TRANSIENT, "down"));
    var c = council(0, false).toBuilder()
        .member(TestSupport.member("a").toBuilder().retry(RetryPolicy.of(2, Duration.ofMillis(1))).build())
        .member(TestSupport.member("b")).build();

    engine.run(c, QUESTION);
    assertThat(mock.calls("a")).isEqualTo(2);
    assertThat(mock.calls("b")).isEqualTo(4);

    mock.reset();
    mock.script("a", MockScript.error(ErrorKind.TRANSIENT, "down"));
    mock.script("b", MockScript.error(ErrorKind.TRANSIENT, "down"));
    engine.run(c, QUESTION, RunOptions.builder().retry(RetryPolicy.of(3, Duration.ofMillis(1))).build());
    assertThat(mock.calls("a")).isEqualTo(2);
    assertThat(mock.calls("b")).isEqualTo(3);
  }

  @Test
  void memberTimeoutAbortsTheAttemptAndIsRetriedAsATimeout() {
    mock.script("a", MockScript.blockUntilInterrupted());
    mock.script("b", MockScript.content("quick"));

    Result r = engine.run(council(2, false), QUESTION,
        RunOptions.builder().memberTimeout(Duration.ofMillis(100)).build());

    MemberResult a = r.rounds().get(0).member("a").orElseThrow();
    assertThat(a.status()).isEqualTo(MemberStatus.TIMEOUT);
    assertThat(a.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(a.error().message()).contains("PT0.1S");
    assertThat(a.attempts()).isEqualTo(2);
    assertThat(mock.interruptions("a")).isEqualTo(2);
    assertThat(r.rounds().get(0).member("b").orElseThrow().ok()).isTrue();
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void continueModeKeepsTheOtherMembersWhenOneFails() {
    mock.script("a", MockScript.error(ErrorKind.PERMANENT, "refused"));
    mock.script("b", MockScript.content("b answers").delay(Duration.ofMillis(50)));
    mock.script("c", MockScript.content("c answers").delay(Duration.ofMillis(50)));

    Result r = engine.run(council(3, false), QUESTION);

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.rounds().get(0).members()).extracting(MemberResult::status)
        .containsExactly(MemberStatus.ERROR, MemberStatus.OK, MemberStatus.OK);
  }

  @Test
  void failFastInterruptsTheRestOfTheRoundAndFailsTheRun() {
    mock.script("a", MockScript.error(ErrorKind.PERMANENT, "refused").delay(Duration.ofMillis(50)));
    mock.script("b", MockScript.blockUntilInterrupted());
    mock.script("c", MockScript.blockUntilInterrupted());
    var c = council(3, true);

    Result r = engine.run(c, QUESTION, RunOptions.builder().failureMode(FailureMode.FAIL_FAST).build());

    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.errors().get(0).message()).contains("failed fast", "member 'a'", "refused");
    assertThat(r.rounds()).hasSize(1);
    assertThat(r.rounds().get(0).members()).extracting(MemberResult::status)
        .containsExactly(MemberStatus.ERROR, MemberStatus.SKIPPED, MemberStatus.SKIPPED);
    assertThat(mock.interruptions("b") + mock.interruptions("c")).isEqualTo(2);
    assertThat(mock.calls("chair")).isZero();
  }

  @Test
  void roundFailureModeOverridesTheRunOption() {
    mock.script("a", MockScript.error(ErrorKind.PERMANENT, "refused"));
    var c = council(2, false).toBuilder().clearRounds()
        .round(Round.builder("independent_analysis").failureMode(FailureMode.CONTINUE).build()).build();

    Result r = engine.run(c, QUESTION, RunOptions.builder().failureMode(FailureMode.FAIL_FAST).build());

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void aRoundWithNoSuccessfulMemberFailsTheRunAndSaysWhy() {
    mock.script("a", MockScript.error(ErrorKind.PERMANENT, "key rejected"));
    mock.script("b", MockScript.error(ErrorKind.PERMANENT, "model not found"));

    Result r = engine.run(council(2, true), QUESTION);

    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.errors().get(0).message()).contains("0 of 2 members succeeded", "key rejected", "model not found");
    assertThat(mock.calls("chair")).isZero();
  }

  @Test
  void quorumRequiresThatManySuccessfulMembers() {
    mock.script("a", MockScript.error(ErrorKind.PERMANENT, "no"));
    var c = council(3, false).toBuilder().clearRounds()
        .round(Round.builder("independent_analysis").quorum(3).build()).build();

    Result r = engine.run(c, QUESTION);

    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.errors().get(0).message()).contains("2 of 3 members succeeded, quorum is 3");
  }
}
