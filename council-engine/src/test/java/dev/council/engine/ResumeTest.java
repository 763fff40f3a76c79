package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Result;
import dev.council.api.ResumeRefusedException;
import dev.council.api.RunStatus;
import dev.council.api.config.ConfigException;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.RunStarted;
import dev.council.api.MemberResult;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.engine.local.MemoryRecorder;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Resume and re-run through the engine with the in-memory recorder; the PostgreSQL recorder's tests
 * repeat this across a killed JVM.
 */
class ResumeTest {
  private final MemoryRecorder recorder = new MemoryRecorder();

  private CouncilEngine engine(MockProvider mock) {
    return CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock).recorder(recorder).build();
  }

  @Test
  void aResumedRunReusesFinishedCallsFromTheJournalAndContinuesTheEventSequence() throws Exception {
    MockProvider first = MockProvider.create("mock");
    first.script("a", MockScript.content("a answered before the crash"));
    first.script("b", MockScript.blockUntilInterrupted());
    String runId;
    try (CouncilEngine dying = engine(first)) {
      RunHandle h = dying.start(TestSupport.council(2, true), QUESTION, RunOptions.builder().runId("r-1").build());
      runId = h.runId();
      eventually(() -> first.calls("b") == 1 && recorder.journal().find(
          new dev.council.api.spi.CallKey(runId, 0, 0, "a")).isPresent(), "a is journaled and b is in flight");
      h.terminate();
    }
    eventually(() -> recorder.outcome(runId).isPresent(), "the stop is recorded");
    long eventsBefore = recorder.events(runId).size();

    MockProvider second = MockProvider.create("mock");
    second.script("b", MockScript.content("b answered after resume"));
    second.script("chair", MockScript.content("final"));
    try (CouncilEngine survivor = engine(second)) {
      Result r = survivor.resume(runId).await(Duration.ofSeconds(10));

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.runId()).isEqualTo(runId);
      assertThat(r.answer()).isEqualTo("final");
      assertThat(second.calls("a")).as("a's finished call is not made again").isZero();
      assertThat(r.rounds().get(0).member("a").orElseThrow().content()).isEqualTo("a answered before the crash");
      assertThat(second.requests("chair").get(0).lastUserMessage()).contains("a answered before the crash",
          "b answered after resume");
    }
    eventually(() -> recorder.outcome(runId).filter(o -> o instanceof RunOutcome.Completed).isPresent(),
        "the completion is recorded");
    List<CouncilEvent> events = recorder.events(runId);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).seq()).isEqualTo(i);
    }
    assertThat(events.get((int) eventsBefore)).isInstanceOf(RunStarted.class);
  }

  @Test
  void aFreshRunNeverLooksCallsUpInTheJournalAndOnlyAResumedRunDoes() throws Exception {
    LookupCountingRecorder counting = new LookupCountingRecorder(recorder);
    try (CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config())
        .provider("mock", MockProvider.create("mock")).recorder(counting).build()) {
      Result fresh = engine.run(TestSupport.council(3, true), QUESTION);
      assertThat(fresh.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(counting.records.get()).as("three members and the chair journaled").isEqualTo(4);
      assertThat(counting.lookups.get()).as("a fresh run has nothing journaled to look up").isZero();
    }
    MockProvider first = MockProvider.create("mock");
    first.script("b", MockScript.blockUntilInterrupted());
    String runId;
    try (CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config()).provider("mock", first)
        .recorder(counting).build()) {
      RunHandle h = engine.start(TestSupport.council(2, true), QUESTION, RunOptions.builder().runId("r-2").build());
      runId = h.runId();
      eventually(() -> first.calls("b") == 1 && counting.records.get() == 5, "a is journaled and b is in flight");
      h.terminate();
      assertThat(counting.lookups.get()).isZero();
    }
    eventually(() -> recorder.outcome(runId).isPresent(), "the stop is recorded");
    MockProvider second = MockProvider.create("mock");
    try (CouncilEngine survivor = CouncilEngine.builder().config(TestSupport.config()).provider("mock", second)
        .recorder(counting).build()) {
      Result r = survivor.resume(runId).await(Duration.ofSeconds(10));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(counting.lookups.get()).as("the resumed run looks up a, b and the chair").isEqualTo(3);
      assertThat(second.calls("a")).isZero();
    }
  }

  /** A recorder that counts its journal's lookups and writes and keeps everything in a {@link MemoryRecorder}. */
  private static final class LookupCountingRecorder implements Recorder {
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger records = new AtomicInteger();
    private final MemoryRecorder delegate;

    LookupCountingRecorder(MemoryRecorder delegate) {
      this.delegate = delegate;
    }

    @Override
    public RunRecording open(RunInfo run) {
      return delegate.open(run);
    }

    @Override
    public MemberCallJournal journal() {
      MemberCallJournal journal = delegate.journal();
      return new MemberCallJournal() {
        @Override
        public Optional<MemberResult> find(CallKey key) {
          lookups.incrementAndGet();
          return journal.find(key);
        }

        @Override
        public void record(CallKey key, String requestHash, MemberResult result) {
          records.incrementAndGet();
          journal.record(key, requestHash, result);
        }
      };
    }

    @Override
    public Optional<ResumableRun> resumable(String runId) {
      return delegate.resumable(runId);
    }
  }

  @Test
  void aRunStillRunningHereIsNotResumedAndSaysSo() {
    MockProvider mock = MockProvider.create("mock");
    mock.script("a", MockScript.blockUntilInterrupted());
    try (CouncilEngine engine = engine(mock)) {
      RunHandle running = engine.start(TestSupport.council(1, false), QUESTION);
      assertThatThrownBy(() -> engine.resume(running.runId()))
          .isInstanceOfSatisfying(ResumeRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(ResumeRefusedException.Reason.STILL_RUNNING);
            assertThat(e.runId()).isEqualTo(running.runId());
            assertThat(e.kind()).isEqualTo(dev.council.api.ErrorKind.VALIDATION);
          })
          .hasMessageContaining("is still running; cancel or terminate it");
      running.cancel();
      assertThat(running.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.CANCELLED);
    }
  }

  @Test
  void finishedAndUnknownRunsCannotBeResumedButCanBeRerunAsNewAttempts() throws Exception {
    MockProvider mock = MockProvider.create("mock");
    mock.script("a", MockScript.error(dev.council.api.ErrorKind.PERMANENT, "bad key"));
    try (CouncilEngine engine = engine(mock)) {
      Result failed = engine.run(TestSupport.council(1, false), QUESTION);
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      assertThatThrownBy(() -> engine.resume(failed.runId())).hasMessageContaining("already finished")
          .hasMessageContaining("rerun").isInstanceOfSatisfying(ResumeRefusedException.class, e -> assertThat(
              e.reason()).isEqualTo(ResumeRefusedException.Reason.ALREADY_FINISHED));
      assertThatThrownBy(() -> engine.resume("never-ran")).hasMessageContaining("has no record of it")
          .isInstanceOfSatisfying(ResumeRefusedException.class, e -> assertThat(e.reason())
              .isEqualTo(ResumeRefusedException.Reason.NOT_RECORDED));

      mock.script("a", MockScript.content("fixed"));
      Result again = engine.rerun(failed.runId()).await(Duration.ofSeconds(10));

      assertThat(again.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(again.runId()).isNotEqualTo(failed.runId());
      eventually(() -> recorder.outcome(again.runId()).isPresent(), "the re-run is recorded");
      RunStarted started = (RunStarted) recorder.events(again.runId()).get(0);
      assertThat(started.parentRunId()).isEqualTo(failed.runId());
      assertThat(started.attempt()).isEqualTo(2);
    }
  }

  @Test
  void recoveryAtStartUpResumesOrMarksStuckTheRunsThisNodeLeftUnfinished() throws Exception {
    MockProvider first = MockProvider.create("mock");
    first.script("a", MockScript.blockUntilInterrupted());
    CouncilEngine dying = engine(first);
    RunHandle h = dying.start(TestSupport.council(1, false), QUESTION);
    eventually(() -> first.calls("a") == 1, "a is in flight");
    dying.close();

    MockProvider second = MockProvider.create("mock");
    second.script("a", MockScript.content("recovered"));
    try (CouncilEngine restarted = CouncilEngine.builder().config(TestSupport.config("council.recovery", "resume"))
        .provider("mock", second).recorder(recorder).build()) {
      eventually(() -> recorder.outcome(h.runId()).filter(o -> o instanceof RunOutcome.Completed).isPresent(),
          "the orphaned run completes after recovery");
      assertThat(second.calls("a")).isEqualTo(1);
    }
  }

  @Test
  void aMistypedRecoveryOrFailoverIsRefusedAtBuildWithTheClosestAllowedValue() {
    assertThatThrownBy(() -> CouncilEngine.builder().config(TestSupport.config("council.recovery", "resmue")).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("council.recovery is 'resmue' but must be one of [off, mark-stuck, resume]")
        .hasMessageEndingWith("Did you mean 'resume'?");
    assertThatThrownBy(() -> CouncilEngine.builder().config(TestSupport.config("council.failover", "adpot")).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("council.failover is 'adpot' but must be one of [off, adopt]")
        .hasMessageEndingWith("Did you mean 'adopt'?");
  }
}
