package dev.council.jobs.quartz;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.Result;
import dev.council.api.ResumeRefusedException;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.recorder.jdbi.StoredRun;
import dev.council.recorder.jdbi.StoredRunStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A council run as a Quartz job: {@code execute} runs the council named in the job data and blocks until
 * it ends, at most {@link CouncilJobs#jobTimeout} (then the run is cancelled and the job fails). Build its
 * job details with {@link CouncilJobs#job}; Quartz instantiates it (public no-argument constructor) and it
 * finds the engine through the {@link CouncilJobs} installed in the scheduler's context.
 *
 * <p>What one execution does depends on what the recorder holds for the firing (its run ids are
 * {@link CouncilJobs#runId}: the job's key, the firing's scheduled time, the attempt):
 *
 * <ul>
 *   <li>no run yet: starts attempt 1;
 *   <li>the latest attempt is {@code RUNNING} or {@code STUCK} — the JVM that ran it died, and Quartz
 *       recovered the job ({@code requestsRecovery}): resumes that run, same run id, every member call
 *       that had finished taken from the journal instead of made and paid for again (waiting up to
 *       {@link CouncilJobs#resumeWait} for the dead JVM's lease to lapse);
 *   <li>the latest attempt {@code COMPLETED}: nothing to do, its result is the job's result;
 *   <li>the latest attempt {@code FAILED} or {@code CANCELLED}: re-runs it ({@link CouncilEngine#rerun})
 *       as the next attempt, linked to it as its parent, while attempts remain
 *       ({@link CouncilJobs#MAX_ATTEMPTS}); else the job fails.
 * </ul>
 *
 * <p>A run that ends {@code FAILED} or {@code CANCELLED} with attempts left makes the job throw a
 * {@link JobExecutionException} asking Quartz to re-fire it at once, which re-runs it as above; the
 * result ({@link JobExecutionContext#getResult()}) is the run's {@link Result}. {@link #interrupt()}
 * (through {@link Scheduler#interrupt(JobKey)}) cancels the run. One instance per execution, as Quartz
 * makes them; the run itself goes on the engine's threads while the job's thread waits.
 */
public final class CouncilJob implements InterruptableJob {
  private static final Logger LOG = LoggerFactory.getLogger(CouncilJob.class);
  private static final Duration RESUME_RETRY = Duration.ofMillis(250);

  private volatile @Nullable RunHandle running;
  private volatile boolean interrupted;

  /** For Quartz. */
  public CouncilJob() {}

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    CouncilJobs jobs = jobs(context.getScheduler());
    JobDataMap data = context.getMergedJobDataMap();
    JobKey key = context.getJobDetail().getKey();
    Council council;
    Map<String, Object> input;
    int maxAttempts;
    try {
      council = jobs.council(required(data, CouncilJobs.COUNCIL, key));
      input = CouncilJobs.input(required(data, CouncilJobs.INPUT, key));
      maxAttempts = Integer.parseInt(required(data, CouncilJobs.MAX_ATTEMPTS, key));
    } catch (RuntimeException e) {
      throw new JobExecutionException("job " + key + " has unusable job data: " + e.getMessage()
          + ". Build its job detail with CouncilJobs.job(...)", e, false);
    }
    long firing = scheduledFireTime(context);

    Attempt next;
    try {
      next = next(jobs, council, input, maxAttempts, key, firing, context);
    } catch (CouncilException e) {
      throw new JobExecutionException("job " + key + ": could not start, resume or re-run its run: " + e.getMessage(),
          e, false);
    }
    if (next.done != null) {
      context.setResult(next.done);
      return;
    }
    RunHandle handle = Objects.requireNonNull(next.handle, "handle");
    int attempt = next.number;

    running = handle;
    if (interrupted) {
      handle.cancel();
    }
    Duration timeout = jobs.jobTimeout(council);
    Result result;
    try {
      result = handle.await(timeout);
    } catch (CouncilException e) {
      if (e.kind() == ErrorKind.TIMEOUT) {
        handle.cancel();
        throw new JobExecutionException("job " + key + ": run " + handle.runId() + " did not finish within the job"
            + " timeout " + timeout + " (see JobTimeouts); it was cancelled. Raise member timeouts or the job"
            + " timeout (CouncilJobs.Builder.jobTimeout) if the council legitimately takes longer", e, false);
      }
      throw new JobExecutionException("job " + key + ": awaiting run " + handle.runId() + " failed: "
          + e.getMessage(), e, false);
    } finally {
      running = null;
    }
    context.setResult(result);
    if (result.status() == RunStatus.COMPLETED) {
      return;
    }
    if (attempt < maxAttempts && !interrupted) {
      JobExecutionException retry = new JobExecutionException("job " + key + ": run " + handle.runId() + " ended "
          + result.status() + "; re-firing to re-run it as attempt " + (attempt + 1) + " of " + maxAttempts);
      retry.setRefireImmediately(true);
      throw retry;
    }
    throw new JobExecutionException("job " + key + ": run " + handle.runId() + " ended " + result.status()
        + (interrupted ? " after the job was interrupted" : " and all " + maxAttempts + " attempt(s) are used"), false);
  }

  /** What this execution does: wait for {@code handle} (attempt {@code number}), or nothing, {@code done}. */
  private record Attempt(@Nullable RunHandle handle, int number, @Nullable Result done) {}

  private static Attempt next(CouncilJobs jobs, Council council, Map<String, Object> input, int maxAttempts,
      JobKey key, long firing, JobExecutionContext context) throws JobExecutionException {
    CouncilEngine engine = jobs.engine();
    int attempt = 0;
    StoredRun latest = null;
    for (int a = 1; ; a++) {
      Optional<StoredRun> stored = jobs.history().run(CouncilJobs.runId(key, firing, a));
      if (stored.isEmpty()) {
        break;
      }
      latest = stored.get();
      attempt = a;
    }
    if (latest == null) {
      String runId = CouncilJobs.runId(key, firing, 1);
      LOG.info("job {} starts run {}", key, runId);
      return new Attempt(engine.start(council, input, jobs.options().toBuilder().runId(runId).build()), 1, null);
    }
    // The recorder writes behind the run: a run that just ended on this engine may still read RUNNING.
    StoredRunStatus status = latest.status();
    Optional<RunHandle> live = engine.find(latest.runId());
    if (live.isPresent()) {
      if (!live.get().state().status().isFinal()) {
        LOG.info("job {}: run {} is still running on this engine; waiting for it", key, latest.runId());
        return new Attempt(live.get(), attempt, null);
      }
      Result ended = live.get().await();
      status = switch (ended.status()) {
        case COMPLETED -> StoredRunStatus.COMPLETED;
        case FAILED -> StoredRunStatus.FAILED;
        case CANCELLED -> StoredRunStatus.CANCELLED;
        case RUNNING -> StoredRunStatus.RUNNING;
      };
      if (status == StoredRunStatus.COMPLETED) {
        return new Attempt(null, attempt, ended);
      }
    }
    switch (status) {
      case COMPLETED -> {
        LOG.info("job {}: run {} already completed; nothing to do", key, latest.runId());
        return new Attempt(null, attempt, latest.result());
      }
      case RUNNING, STUCK -> {
        LOG.info("job {} {}: resumes run {} from the journal", key,
            context.isRecovering() ? "recovered after its JVM died" : "found its run unfinished", latest.runId());
        RunHandle resumed = resume(jobs, latest.runId(), key);
        if (resumed != null) {
          return new Attempt(resumed, attempt, null);
        }
        // It finished after all (its last writes were still on their way): decide again on its final status.
        awaitStoredFinish(jobs, latest.runId(), key);
        return next(jobs, council, input, maxAttempts, key, firing, context);
      }
      case FAILED, CANCELLED -> {
        if (attempt >= maxAttempts) {
          throw new JobExecutionException("job " + key + ": run " + latest.runId() + " ended " + status
              + " and all " + maxAttempts + " attempt(s) are used; schedule it again, or raise "
              + CouncilJobs.MAX_ATTEMPTS, false);
        }
        String runId = CouncilJobs.runId(key, firing, attempt + 1);
        LOG.info("job {} re-runs {} (ended {}) as attempt {}: {}", key, latest.runId(), status, attempt + 1, runId);
        return new Attempt(engine.rerun(latest.runId(), jobs.options().toBuilder().runId(runId).build()),
            attempt + 1, null);
      }
      default -> throw new IllegalStateException("unexpected stored status " + status);
    }
  }

  /** Cancels the run this execution waits for, if any; the job then fails without re-firing. */
  @Override
  public void interrupt() {
    interrupted = true;
    RunHandle h = running;
    if (h != null) {
      h.cancel();
    }
  }

  /**
   * Resumes {@code runId}, retrying while its previous owner's lease has not lapsed; null when the run
   * turns out to have finished (the recorder had not stored its end yet when the job looked).
   */
  private static @Nullable RunHandle resume(CouncilJobs jobs, String runId, JobKey key) throws JobExecutionException {
    long deadline = System.nanoTime() + jobs.resumeWait().toNanos();
    while (true) {
      try {
        return jobs.engine().resume(runId, jobs.options().toBuilder().runId(runId).build());
      } catch (ResumeRefusedException e) {
        if (e.reason() == ResumeRefusedException.Reason.ALREADY_FINISHED) {
          return null;
        }
        boolean ownedElsewhere = e.reason() == ResumeRefusedException.Reason.OWNED_ELSEWHERE;
        if (!ownedElsewhere || System.nanoTime() > deadline) {
          throw new JobExecutionException("job " + key + ": run " + runId + " could not be resumed: "
              + e.getMessage() + (ownedElsewhere ? " (waited " + jobs.resumeWait()
                  + "; CouncilJobs.Builder.resumeWait must be at least the recorder's lease)" : ""), e, false);
        }
        try {
          Thread.sleep(RESUME_RETRY);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          throw new JobExecutionException("job " + key + " interrupted while waiting to resume run " + runId, stop,
              false);
        }
      }
    }
  }

  /** Waits, up to {@link CouncilJobs#resumeWait}, until the history shows {@code runId} finished. */
  private static void awaitStoredFinish(CouncilJobs jobs, String runId, JobKey key) throws JobExecutionException {
    long deadline = System.nanoTime() + jobs.resumeWait().toNanos();
    while (!jobs.history().run(runId).map(r -> r.status().finished()).orElse(false)) {
      if (System.nanoTime() > deadline) {
        throw new JobExecutionException("job " + key + ": run " + runId + " finished, but its end is not in the"
            + " run history after " + jobs.resumeWait() + "; is the recorder writing to the tables the"
            + " RunHistory reads?", false);
      }
      try {
        Thread.sleep(RESUME_RETRY);
      } catch (InterruptedException stop) {
        Thread.currentThread().interrupt();
        throw new JobExecutionException("job " + key + " interrupted while waiting for run " + runId, stop, false);
      }
    }
  }

  /** The firing's scheduled time: the original one when Quartz recovers the job after a crash. */
  static long scheduledFireTime(JobExecutionContext context) {
    if (context.isRecovering()) {
      String original = context.getMergedJobDataMap()
          .getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
      if (original != null) {
        return Long.parseLong(original);
      }
    }
    return context.getScheduledFireTime() != null ? context.getScheduledFireTime().getTime()
        : context.getFireTime().getTime();
  }

  private static CouncilJobs jobs(Scheduler scheduler) throws JobExecutionException {
    try {
      Object jobs = scheduler.getContext().get(CouncilJobs.CONTEXT_KEY);
      if (jobs instanceof CouncilJobs cj) {
        return cj;
      }
      throw new JobExecutionException("scheduler " + scheduler.getSchedulerName() + " has no CouncilJobs in its"
          + " context: call CouncilJobs.install(scheduler) before starting it", false);
    } catch (SchedulerException e) {
      throw new JobExecutionException("cannot read the scheduler's context: " + e.getMessage(), e, false);
    }
  }

  private static String required(JobDataMap data, String name, JobKey key) {
    String v = data.getString(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("job data '" + name + "' of job " + key + " is missing");
    }
    return v;
  }
}
