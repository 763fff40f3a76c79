package dev.council.jobs.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.recorder.jdbi.CallLog;
import dev.council.recorder.jdbi.ChildJvm;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.StoredEvent;
import dev.council.recorder.jdbi.StoredRun;
import dev.council.recorder.jdbi.StoredRunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.KeyMatcher;

/**
 * A council job whose scheduler JVM ({@link DoomedSchedulerMain}) is killed with SIGKILL mid-run is
 * recovered by Quartz in a new scheduler (this JVM, same scheduler name, same job store) and completes
 * without repeating any member call that had finished: it resumes the same run from the journal.
 */
class KilledSchedulerJvmTest {
  @RegisterExtension
  static final Tables TABLES = new Tables("jobkill");

  @Test
  @Timeout(90)
  void aJobWhoseJvmWasKilledIsRecoveredByQuartzAndResumesItsRunWithoutRepeatingFinishedCalls(@TempDir Path dir)
      throws Exception {
    String schedulerName = "council-jobs-" + UUID.randomUUID();
    CallLog log = new CallLog(dir.resolve("calls.log"));
    Path output = dir.resolve("child-output.log");
    Process child = ChildJvm.start(DoomedSchedulerMain.class, output, schedulerName, TABLES.councilPrefix(),
        TABLES.quartzPrefix(), dir.resolve("calls.log").toString());
    String runId;
    try {
      ChildJvm.waitFor(child, output, "the first round and a and b's second-round calls to be journaled and c's"
          + " second-round call to be in flight", () -> journalRows() == 5
          && log.calls().contains(DoomedSchedulerMain.BLOCKED_CALL));
      child.destroyForcibly();
      assertThat(child.waitFor(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)).as("the child died").isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(ChildJvm.SIGKILL_EXIT);

    List<StoredRun> runs = TABLES.history().runs(dev.council.recorder.jdbi.RunQuery.all());
    assertThat(runs).as("the job's one run").hasSize(1);
    StoredRun crashed = runs.get(0);
    runId = crashed.runId();
    assertThat(crashed.status()).isEqualTo(StoredRunStatus.RUNNING);
    assertThat(crashed.ownerNode()).isEqualTo(DoomedSchedulerMain.NODE);
    assertThat(CouncilJobs.jobKeyOf(runId)).as("the job id is stored with the run").contains(DoomedSchedulerMain.JOB);
    assertThat(firedTriggersRequestingRecovery()).as("Quartz's record of the job in flight").isEqualTo(1);
    assertThat(log.counts()).as("the calls the killed JVM made").isEqualTo(Map.of("a 0", 1L, "a 1", 1L, "b 0", 1L,
        "b 1", 1L, "c 0", 1L, "c 1", 1L));

    JobOutcome outcome = new JobOutcome();
    JdbiRecorder recorder = TABLES.recorder().build();
    try (CouncilEngine engine = CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.node-id", "rescuer-node")))
        .recorder(recorder)
        .provider("mock", log.provider("none"))
        .build()) {
      CouncilJobs jobs = CouncilJobs.builder(engine, TABLES.history()).council(Councils.LIBRARY)
          .resumeWait(Duration.ofSeconds(30)).build();
      Scheduler scheduler = new StdSchedulerFactory(TestDatabase.quartz(schedulerName, TABLES.quartzPrefix()))
          .getScheduler();
      try {
        jobs.install(scheduler);
        scheduler.getListenerManager().addJobListener(outcome, KeyMatcher.keyEquals(DoomedSchedulerMain.JOB));
        scheduler.start();
        outcome.done.get(60, TimeUnit.SECONDS);
      } finally {
        scheduler.shutdown(true);
      }
    }

    assertThat(outcome.exception).as("the recovered job succeeded").isNull();
    assertThat(outcome.recovering).as("Quartz ran it as a recovery of the killed execution").isTrue();
    Result result = (Result) outcome.result;
    assertThat(result).isNotNull();
    assertThat(result.runId()).as("the same run, resumed").isEqualTo(runId);
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    Map<String, Long> calls = log.counts();
    assertThat(calls).as("every finished call made once; c's unfinished second-round call made again")
        .containsEntry("a 0", 1L).containsEntry("b 0", 1L).containsEntry("c 0", 1L)
        .containsEntry("a 1", 1L).containsEntry("b 1", 1L).containsEntry("c 1", 2L);
    assertThat(calls.keySet()).filteredOn(call -> call.startsWith("chair ")).singleElement()
        .satisfies(chair -> assertThat(calls.get(chair)).isEqualTo(1L));
    assertThat(calls).hasSize(7);

    StoredRun stored = TABLES.history().run(runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(stored.ownerNode()).isEqualTo("rescuer-node");
    assertThat(stored.attempt()).as("a resume, not a re-run").isEqualTo(1);
    assertThat(TABLES.history().runs(dev.council.recorder.jdbi.RunQuery.all())).as("no second run").hasSize(1);
    List<StoredEvent> events = TABLES.history().events(runId, 0, 10_000);
    assertThat(events).extracting(StoredEvent::seq).as("one contiguous sequence without duplicates")
        .containsExactlyElementsOf(LongStream.rangeClosed(0, stored.lastSeq()).boxed().toList());
    assertThat(firedTriggersRequestingRecovery()).as("Quartz has nothing left to recover").isZero();
  }

  private static long journalRows() {
    return TABLES.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + TABLES.councilPrefix()
        + "member_calls").mapTo(Long.class).one());
  }

  private static long firedTriggersRequestingRecovery() {
    return TABLES.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + TABLES.quartzPrefix()
        + "fired_triggers WHERE job_name = :name AND job_group = :group AND requests_recovery")
        .bind("name", DoomedSchedulerMain.JOB.getName()).bind("group", DoomedSchedulerMain.JOB.getGroup())
        .mapTo(Long.class).one());
  }

  /** Captures the one execution of the job that ends. */
  static final class JobOutcome implements JobListener {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile boolean recovering;
    volatile @Nullable Object result;
    volatile @Nullable JobExecutionException exception;

    @Override
    public String getName() {
      return "job-outcome";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {}

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {}

    @Override
    public void jobWasExecuted(JobExecutionContext context, @Nullable JobExecutionException e) {
      recovering = context.isRecovering();
      result = context.getResult();
      exception = e;
      done.complete(null);
    }
  }
}
