package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.council;
import static dev.council.engine.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.ErrorKind;
import dev.council.api.FailureMode;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A parallel round's first member call runs on the round's own thread: its timeout, a fail-fast and a
 * cancel reach it as they reach members on threads of their own, and no interrupt of it leaks into what
 * the run's thread does next (the chair's call).
 */
class FirstMemberOnTheRoundThreadTest {
  @RegisterExtension final MockEngine setup = new MockEngine();
  private final MockProvider mock = setup.mock();
  private final CouncilEngine engine = setup.engine();

  @Test
  void itsTimeoutEndsOnlyItsCallAndTheChairThatFollowsOnTheSameThreadAnswers() {
    mock.script("a", MockScript.blockUntilInterrupted());
    mock.script("chair", MockScript.content("final"));

    Result r = engine.run(council(3, true), QUESTION, RunOptions.builder()
        .memberTimeout(Duration.ofMillis(200)).build());

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.rounds().get(0).members()).extracting(MemberResult::status)
        .containsExactly(MemberStatus.TIMEOUT, MemberStatus.OK, MemberStatus.OK);
    assertThat(r.answer()).isEqualTo("final");
    assertThat(mock.interruptions("chair")).isZero();
  }

  @Test
  void aFailFastElsewhereInTheRoundInterruptsIt() {
    mock.script("a", MockScript.blockUntilInterrupted());
    mock.script("b", MockScript.error(ErrorKind.PERMANENT, "refused").delay(Duration.ofMillis(50)));

    Result r = engine.run(council(3, true), QUESTION, RunOptions.builder()
        .failureMode(FailureMode.FAIL_FAST).build());

    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.errors().get(0).message()).contains("failed fast", "member 'b'", "refused");
    assertThat(r.rounds().get(0).members().get(0).status()).isEqualTo(MemberStatus.SKIPPED);
    assertThat(mock.interruptions("a")).isEqualTo(1);
    assertThat(mock.calls("chair")).isZero();
  }

  @Test
  void aCancelReachesItAndTheRunEndsCancelled() throws Exception {
    mock.script("a", MockScript.blockUntilInterrupted());
    mock.script("b", MockScript.blockUntilInterrupted());
    RunHandle h = engine.start(council(2, true), QUESTION, RunOptions.DEFAULTS);
    eventually(() -> mock.calls("a") == 1 && mock.calls("b") == 1, "both members are called");

    h.cancel();
    Result r = h.await();

    assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(mock.interruptions("a")).isEqualTo(1);
    assertThat(mock.calls("chair")).isZero();
  }
}
