package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.Usage;
import dev.council.api.provider.ChatResponse;
import dev.council.api.RunStatus;
import dev.council.api.config.ConfigException;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.RunOutcome;
import dev.council.engine.local.MemoryRecorder;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graceful close: {@code close(drain)} refuses new runs, lets runs in flight finish within the drain
 * period, and stops the rest as resumable so another engine carries them on from the journal.
 */
class DrainTest {
  private final MemoryRecorder recorder = new MemoryRecorder();

  private CouncilEngine engine(MockProvider mock) {
    return CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock).recorder(recorder).build();
  }

  @Test
  void closeWithADrainWaitsForARunInFlightToFinishAndRefusesNewRuns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MockProvider mock = MockProvider.create("mock");
    mock.script("b", MockScript.respond(request -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ChatResponse.of("b answered during the drain", Usage.ZERO);
    }));
    CouncilEngine engine = engine(mock);
    RunHandle h = engine.start(TestSupport.council(2, true), QUESTION);
    eventually(() -> mock.calls("b") == 1, "b is in flight");

    CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> engine.close(Duration.ofSeconds(20)));
    eventually(() -> {
      try {
        engine.start(TestSupport.council(2, true), QUESTION);
        return false;
      } catch (IllegalStateException e) {
        return e.getMessage().contains("engine is closing");
      }
    }, "new runs are refused once closing began");
    assertThat(closing).as("close waits while the run is in flight").isNotDone();

    release.countDown();
    closing.get(10, TimeUnit.SECONDS);
    Result r = h.await(Duration.ofSeconds(1));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.rounds().get(0).member("b").orElseThrow().content()).isEqualTo("b answered during the drain");
    eventually(() -> recorder.outcome(h.runId()).filter(o -> o instanceof RunOutcome.Completed).isPresent(),
        "the completion reached the recorder before close returned");
  }

  @Test
  void runsStillInFlightWhenTheDrainIsUpAreStoppedAsResumableAndAnotherEngineFinishesThem() throws Exception {
    MockProvider first = MockProvider.create("mock");
    first.script("a", MockScript.content("a answered before the drain ended"));
    first.script("b", MockScript.blockUntilInterrupted());
    CouncilEngine closing = engine(first);
    RunHandle quick = closing.start(TestSupport.council(1, false), QUESTION);
    RunHandle slow = closing.start(TestSupport.council(2, true), QUESTION, RunOptions.builder().runId("drained").build());
    eventually(() -> first.calls("b") == 1 && recorder.journal().find(new CallKey("drained", 0, 0, "a")).isPresent(),
        "a is journaled and b is in flight");

    closing.close(Duration.ofMillis(300));

    assertThat(quick.await(Duration.ofSeconds(1)).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(recorder.outcome("drained")).hasValueSatisfying(o -> {
      assertThat(o).isInstanceOf(RunOutcome.Stopped.class);
      assertThat(((RunOutcome.Stopped) o).resumable()).as("stopped by the engine, not terminated").isTrue();
    });
    assertThatThrownBy(() -> closing.resume("drained")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no longer accepts runs");

    MockProvider second = MockProvider.create("mock");
    second.script("b", MockScript.content("b answered on the next engine"));
    second.script("chair", MockScript.content("final"));
    try (CouncilEngine next = engine(second)) {
      Result r = next.resume("drained").await(Duration.ofSeconds(10));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.answer()).isEqualTo("final");
      assertThat(second.calls("a")).as("a's finished call is not paid again").isZero();
    }
  }

  @Test
  void aDrainingRunCanStillStartItsSubCouncils() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MockProvider mock = MockProvider.create("mock");
    mock.script("a", MockScript.sequence(MockScript.respond(request -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ChatResponse.of("a, first round", Usage.ZERO);
    }), MockScript.content("a, second round")));
    mock.script("leaf", MockScript.content("leaf answered"));
    Council inner = Council.builder("inner-council").member(TestSupport.member("leaf"))
        .round(Round.of("independent_analysis")).build();
    Council outer = Council.builder("outer-council").member(TestSupport.member("a"))
        .member(Member.builder("inner").subCouncil(inner).build())
        .round(Round.of("independent_analysis")).round(Round.of("independent_analysis")).build();
    CouncilEngine engine = engine(mock);
    RunHandle h = engine.start(outer, QUESTION);
    eventually(() -> mock.calls("a") == 1 && mock.calls("leaf") == 1, "the first round is in flight");

    CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> engine.close(Duration.ofSeconds(20)));
    eventually(() -> {
      try {
        engine.start(Council.builder("probe").member(TestSupport.member("probe"))
            .round(Round.of("independent_analysis")).build(), QUESTION);
        return false;
      } catch (IllegalStateException e) {
        return true;
      }
    }, "closing began");
    release.countDown();
    closing.get(15, TimeUnit.SECONDS);

    Result r = h.await(Duration.ofSeconds(1));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(mock.calls("leaf")).as("the second round's sub-council ran during the drain").isEqualTo(2);
    assertThat(r.rounds().get(1).member("inner").orElseThrow().metadata()).containsEntry("subStatus", "COMPLETED");
  }

  @Test
  void theDrainPeriodComesFromConfigurationAndBadValuesNameTheKey() throws Exception {
    assertThatThrownBy(() -> CouncilEngine.builder().config(TestSupport.config("council.shutdown.drain", "-1s"))
        .build()).isInstanceOf(ConfigException.class).hasMessageContaining("council.shutdown.drain");
    assertThatThrownBy(() -> CouncilEngine.builder().config(TestSupport.config("council.shutdown.drain", "400d"))
        .build()).isInstanceOf(ConfigException.class).hasMessageContaining("council.shutdown.drain");

    CountDownLatch release = new CountDownLatch(1);
    MockProvider mock = MockProvider.create("mock");
    mock.script("a", MockScript.respond(request -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ChatResponse.of("a answered during the configured drain", Usage.ZERO);
    }));
    CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config("council.shutdown.drain", "20s"))
        .provider("mock", mock).build();
    assertThatThrownBy(() -> engine.close(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drain");
    RunHandle h = engine.start(TestSupport.council(1, false), QUESTION);
    eventually(() -> mock.calls("a") == 1, "a is in flight");
    CompletableFuture<Void> closing = CompletableFuture.runAsync(engine::close);
    eventually(() -> {
      try {
        engine.start(TestSupport.council(1, false), QUESTION);
        return false;
      } catch (IllegalStateException e) {
        return true;
      }
    }, "closing began");
    release.countDown();
    closing.get(15, TimeUnit.SECONDS);
    assertThat(h.await(Duration.ofSeconds(1)).status()).as("close() drained for council.shutdown.drain")
        .isEqualTo(RunStatus.COMPLETED);
  }
}
