package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.council;
import static dev.council.engine.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.engine.local.MemoryRecorder;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.testkit.EventCapture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObserverIsolationTest {
  private final MockProvider mock = MockProvider.create("mock");
  private final MemoryRecorder memory = new MemoryRecorder();
  private final CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config())
      .provider("mock", mock).recorder(memory).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aThrowingListenerChangesNothingAboutTheRunOrOtherListeners() throws Exception {
    mock.script("chair", MockScript.content("final"));
    EventCapture healthy = new EventCapture();
    Result r = engine.run(council(2, true), QUESTION, RunOptions.builder()
        .listener(e -> {
          throw new IllegalStateException("listener bug");
        })
        .listener(healthy).build());

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.answer()).isEqualTo("final");
    assertThat(TestSupport.awaitAll(healthy)).isNotEmpty();
  }

  @Test
  void aSlowListenerDoesNotStallTheRun() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Result r = engine.run(council(2, false), QUESTION, RunOptions.builder()
        .listener(e -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        }).build());
    release.countDown();
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void aThrowingRecorderChangesNothingAboutTheRun() {
    Recorder broken = new Recorder() {
      @Override
      public RunRecording open(RunInfo run) {
        return new RunRecording() {
          @Override
          public void onEvent(CouncilEvent event) {
            throw new IllegalStateException("disk full");
          }

          @Override
          public void finish(RunOutcome outcome) {
            throw new IllegalStateException("disk full");
          }
        };
      }
    };
    Result r = engine.run(council(2, false), QUESTION, RunOptions.builder().recorder(broken).build());
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);

    Recorder failsToOpen = run -> {
      throw new IllegalStateException("cannot connect");
    };
    Result r2 = engine.run(council(2, false), QUESTION, RunOptions.builder().recorder(failsToOpen).build());
    assertThat(r2.status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void theRecorderSeesEveryEventInOrderAndOneFinish() throws Exception {
    EventCapture events = new EventCapture();
    Result r = engine.run(council(3, true), QUESTION, RunOptions.builder().listener(events).build());
    TestSupport.awaitAll(events);

    eventually(() -> memory.outcome(r.runId()).isPresent(), "the recorder is finished");
    assertThat(memory.events(r.runId())).containsExactlyElementsOf(events.events());
    assertThat(memory.outcome(r.runId()).orElseThrow()).isEqualTo(new RunOutcome.Completed(r));
  }
}
