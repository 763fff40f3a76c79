package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.council;
import static dev.council.engine.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Council;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.UnknownRunException;
import dev.council.api.event.RunFailed;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.testkit.EventCapture;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CancelAndTerminateTest {
  @RegisterExtension final MockEngine setup = new MockEngine();
  private final MockProvider mock = setup.mock();
  private final CouncilEngine engine = setup.engine();

  /** Two rounds: a finishes both quickly; b blocks in round two. */
  private Council twoRounds() {
    return council(2, false).toBuilder().round(Round.builder("independent_analysis").name("second").build()).build();
  }

  @Test
  void cancelInterruptsABlockedProviderCallAndAwaitReturnsTheCancelledPartialResult() throws Exception {
    mock.script("a", MockScript.content("fine"))
        .script("b", MockScript.sequence(MockScript.content("first round"), MockScript.blockUntilInterrupted()));
    EventCapture events = new EventCapture();
    RunHandle h = engine.start(twoRounds(), QUESTION, RunOptions.builder().listener(events).build());
    eventually(() -> mock.calls("b") == 2, "b is blocked in round two");

    assertThat(h.cancel()).isTrue();
    Result r = h.await(Duration.ofSeconds(10));

    assertThat(mock.interruptions("b")).isEqualTo(1);
    assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(r.errors()).extracting(e -> e.kind()).containsExactly(ErrorKind.CANCELLED);
    assertThat(r.rounds().get(0).members()).allMatch(MemberResult::ok);
    MemberResult b = r.rounds().get(1).member("b").orElseThrow();
    assertThat(b.status()).isEqualTo(MemberStatus.ERROR);
    assertThat(b.error().kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(r.rounds().get(1).member("a").orElseThrow().content()).isEqualTo("fine");
    TestSupport.awaitAll(events);
    RunFailed failed = events.ofType(RunFailed.class).get(0);
    assertThat(failed.errors()).extracting(e -> e.kind()).containsExactly(ErrorKind.CANCELLED);
    assertThat(h.state().status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void cancellingARunCancelsEveryRunOfAChainOfNestedSubCouncils() throws Exception {
    int depth = 10;
    mock.script("leaf", MockScript.blockUntilInterrupted());
    Council chain = Council.builder("level-0").member(TestSupport.member("leaf"))
        .round(Round.of("independent_analysis")).build();
    for (int level = 1; level < depth; level++) {
      chain = Council.builder("level-" + level)
          .member(dev.council.api.Member.builder("inner").subCouncil(chain).build())
          .round(Round.of("independent_analysis")).build();
    }
    RunHandle h = engine.start(chain, QUESTION);
    eventually(() -> mock.calls("leaf") == 1, "the innermost member is called");
    eventually(() -> engine.activeRuns().size() == depth, "every level runs");

    assertThat(h.cancel()).isTrue();
    Result r = h.await(Duration.ofSeconds(10));

    assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(mock.interruptions("leaf")).isEqualTo(1);
    eventually(() -> engine.activeRuns().isEmpty(), "no level is left running");
    Result inner = r;
    for (int level = depth - 1; level > 0; level--) {
      MemberResult m = inner.rounds().get(0).member("inner").orElseThrow();
      assertThat(m.metadata()).containsEntry("subStatus", "CANCELLED");
      inner = (Result) m.metadata().get("subResult");
    }
    assertThat(inner.rounds().get(0).member("leaf").orElseThrow().error().kind()).isEqualTo(ErrorKind.CANCELLED);
  }

  @Test
  void cancelIsIdempotentAndReportsWhetherItCancelled() throws Exception {
    mock.script("a", MockScript.blockUntilInterrupted());
    RunHandle h = engine.start(council(1, false), QUESTION);
    eventually(() -> mock.calls("a") == 1, "a is called");
    assertThat(h.cancel()).isTrue();
    assertThat(h.cancel()).isFalse();
    h.await(Duration.ofSeconds(10));
    assertThat(h.cancel()).isFalse();
  }

  @Test
  void terminateEmitsNoRunFailedAndLaterAwaitReportsAnUnknownRun() throws Exception {
    mock.script("a", MockScript.blockUntilInterrupted());
    EventCapture events = new EventCapture();
    RunHandle h = engine.start(council(1, false), QUESTION, RunOptions.builder().listener(events).build());
    eventually(() -> mock.calls("a") == 1, "a is called");

    h.terminate();

    assertThatThrownBy(() -> h.await(Duration.ofSeconds(5))).isInstanceOf(UnknownRunException.class);
    assertThatThrownBy(() -> h.completion().join()).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(UnknownRunException.class);
    assertThat(engine.find(h.runId())).isEmpty();
    eventually(() -> mock.interruptions("a") == 1, "the provider call is interrupted");
    Thread.sleep(100);
    assertThat(events.types()).doesNotContain("run_failed", "run_completed");
    assertThatThrownBy(h::state).isInstanceOf(UnknownRunException.class);
    assertThatThrownBy(h::cancel).isInstanceOf(UnknownRunException.class);
    h.terminate();
  }

  @Test
  void closingAHandleInTryWithResourcesCancelsItsRun() throws Exception {
    mock.script("a", MockScript.blockUntilInterrupted());
    RunHandle outer;
    try (RunHandle h = engine.start(council(1, false), QUESTION)) {
      outer = h;
      eventually(() -> mock.calls("a") == 1, "a is called");
    }
    assertThat(outer.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void closingAGroupTerminatesItsRunsButNotOthers() throws Exception {
    mock.script("a", MockScript.blockUntilInterrupted());
    mock.script("b", MockScript.content("outside the group").delay(Duration.ofMillis(300)));
    RunHandle outside = engine.start(council(2, false).toBuilder().clearMembers().member(TestSupport.member("b"))
        .build(), QUESTION);
    RunHandle first;
    RunHandle second;
    try (RunGroup tenant = engine.group("tenant-42")) {
      first = tenant.start(council(1, false), QUESTION);
      second = tenant.start(council(1, false), QUESTION);
      eventually(() -> mock.calls("a") == 2, "both group runs are in flight");
      assertThat(tenant.active()).extracting(s -> s.runId())
          .containsExactlyInAnyOrder(first.runId(), second.runId());
    }
    assertThatThrownBy(() -> first.await(Duration.ofSeconds(5))).isInstanceOf(UnknownRunException.class);
    assertThatThrownBy(() -> second.await(Duration.ofSeconds(5))).isInstanceOf(UnknownRunException.class);
    assertThat(outside.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void awaitTimingOutLeavesTheRunRunning() throws Exception {
    mock.script("a", MockScript.blockUntilInterrupted());
    RunHandle h = engine.start(council(1, false), QUESTION);
    assertThatThrownBy(() -> h.await(Duration.ofMillis(50)))
        .hasMessageContaining("did not finish within").hasMessageContaining("still running");
    assertThat(h.state().status()).isEqualTo(RunStatus.RUNNING);
    h.cancel();
  }
}
