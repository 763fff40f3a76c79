package dev.council.jobs.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.ErrorKind;
import dev.council.api.FailureMode;
import dev.council.api.Result;
import dev.council.api.RetryPolicy;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.ProviderException;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.recorder.jdbi.RunQuery;
import dev.council.recorder.jdbi.StoredRun;
import dev.council.recorder.jdbi.StoredRunStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.KeyMatcher;

/**
 * Council jobs on a real Quartz scheduler with the JDBC job store: a failed run makes Quartz re-fire the
 * job, which re-runs it as the next attempt linked to the failed one; attempts are bounded; the job
 * timeout cancels a run that takes too long.
 */
class CouncilJobRetryTest {
  @RegisterExtension
  static final Tables TABLES = new Tables("jobretry");

  @Test
  @Timeout(60)
  void aFailedRunIsReRunAsTheNextAttemptLinkedToIt() throws Exception {
    JobKey key = JobKey.jobKey("retry-" + UUID.randomUUID(), "library");
    // Member b fails, for good, in the first attempt only.
    Outcome outcome = runJob(key, 3, null, request -> {
      if (request.context().memberId().equals("b") && !request.context().runId().contains("/attempt-")) {
        throw new ProviderException(ErrorKind.PERMANENT, "the model is gone (first attempt only)");
      }
      return ChatResponse.of("answer of " + request.context().memberId(), Usage.of(10, 5));
    });

    assertThat(outcome.failures).as("the first execution failed and asked Quartz to re-fire").hasSize(1);
    assertThat(outcome.failures.get(0).refireImmediately()).isTrue();
    assertThat(outcome.failures.get(0).getMessage()).contains("re-firing to re-run it as attempt 2 of 3");
    assertThat(outcome.success).as("the re-fired execution succeeded").isNotNull();
    Result result = (Result) outcome.success;
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);

    List<StoredRun> runs = runsOf(key);
    assertThat(runs).extracting(StoredRun::runId).containsExactly(CouncilJobs.runId(key, outcome.firing, 1),
        CouncilJobs.runId(key, outcome.firing, 2));
    assertThat(runs.get(0).status()).isEqualTo(StoredRunStatus.FAILED);
    assertThat(runs.get(0).attempt()).isEqualTo(1);
    assertThat(runs.get(1).status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(runs.get(1).attempt()).isEqualTo(2);
    assertThat(runs.get(1).parentRunId()).as("the re-run's lineage").isEqualTo(runs.get(0).runId());
    assertThat(result.runId()).isEqualTo(runs.get(1).runId());
    assertThat(runs).allSatisfy(run -> assertThat(CouncilJobs.jobKeyOf(run.runId())).contains(key));
  }

  @Test
  @Timeout(60)
  void aJobGivesUpWhenItsAttemptsAreUsed() throws Exception {
    JobKey key = JobKey.jobKey("give-up-" + UUID.randomUUID(), "library");
    Outcome outcome = runJob(key, 2, null, request -> {
      if (request.context().memberId().equals("b")) {
        throw new ProviderException(ErrorKind.PERMANENT, "the model is gone");
      }
      return ChatResponse.of("answer", Usage.of(10, 5));
    });

    assertThat(outcome.success).isNull();
    assertThat(outcome.failures).hasSize(2);
    assertThat(outcome.failures.get(1).refireImmediately()).isFalse();
    assertThat(outcome.failures.get(1).getMessage()).contains("ended FAILED and all 2 attempt(s) are used");
    assertThat(runsOf(key)).extracting(StoredRun::status).containsExactly(StoredRunStatus.FAILED,
        StoredRunStatus.FAILED);
  }

  @Test
  @Timeout(60)
  void aRunThatOutlivesTheJobTimeoutIsCancelledAndTheJobFails() throws Exception {
    JobKey key = JobKey.jobKey("slow-" + UUID.randomUUID(), "library");
    Outcome outcome = runJob(key, 3, Duration.ofMillis(500), request -> {
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(ErrorKind.CANCELLED, "interrupted");
      }
      return ChatResponse.of("too late", Usage.of(10, 5));
    });

    assertThat(outcome.success).isNull();
    assertThat(outcome.failures).as("a timeout is not retried").hasSize(1);
    assertThat(outcome.failures.get(0).getMessage()).contains("did not finish within the job timeout PT0.5S");
    StoredRun run = TABLES.history().run(CouncilJobs.runId(key, outcome.firing, 1)).orElseThrow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (run.status() == StoredRunStatus.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(50);
      run = TABLES.history().run(run.runId()).orElseThrow();
    }
    assertThat(run.status()).as("the job cancelled its run").isEqualTo(StoredRunStatus.CANCELLED);
  }

  /** Schedules job {@code key} at once on a fresh scheduler and engine; returns once it stopped re-firing. */
  private static Outcome runJob(JobKey key, int maxAttempts, @Nullable Duration jobTimeout,
      Function<ChatRequest, ChatResponse> answers) throws Exception {
    Outcome outcome = new Outcome();
    try (CouncilEngine engine = CouncilEngine.builder().recorder(TABLES.recorder().build())
        .provider("mock", MockProvider.create("mock").fallback(MockScript.respond(answers))).build()) {
      CouncilJobs.Builder b = CouncilJobs.builder(engine, TABLES.history()).council(Councils.LIBRARY)
          .options(RunOptions.builder().failureMode(FailureMode.FAIL_FAST).retry(RetryPolicy.NONE).build());
      if (jobTimeout != null) {
        b.jobTimeout(jobTimeout);
      }
      CouncilJobs jobs = b.build();
      Scheduler scheduler = new StdSchedulerFactory(TestDatabase.quartz("retry-" + UUID.randomUUID(),
          TABLES.quartzPrefix())).getScheduler();
      try {
        jobs.install(scheduler);
        scheduler.getListenerManager().addJobListener(outcome, KeyMatcher.keyEquals(key));
        scheduler.scheduleJob(jobs.job(key, Councils.LIBRARY.id(), Councils.QUESTION, maxAttempts),
            TriggerBuilder.newTrigger().startNow().build());
        scheduler.start();
        outcome.done.get(40, TimeUnit.SECONDS);
      } finally {
        scheduler.shutdown(true);
      }
    }
    return outcome;
  }

  private static List<StoredRun> runsOf(JobKey key) {
    return TABLES.history().runs(RunQuery.all()).stream()
        .filter(run -> CouncilJobs.jobKeyOf(run.runId()).filter(key::equals).isPresent())
        .sorted(Comparator.comparing(StoredRun::attempt)).toList();
  }

  /** The executions of one job until one succeeds or one fails without asking to be re-fired. */
  static final class Outcome implements JobListener {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final List<JobExecutionException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile @Nullable Object success;
    volatile long firing;

    @Override
    public String getName() {
      return "outcome";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {}

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {}

    @Override
    public void jobWasExecuted(JobExecutionContext context, @Nullable JobExecutionException e) {
      firing = CouncilJob.scheduledFireTime(context);
      if (e == null) {
        success = context.getResult();
        done.complete(null);
      } else {
        failures.add(e);
        if (!e.refireImmediately()) {
          done.complete(null);
        }
      }
    }
  }
}
