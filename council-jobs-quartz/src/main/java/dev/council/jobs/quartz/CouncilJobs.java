package dev.council.jobs.quartz;

import dev.council.api.Council;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.recorder.jdbi.RunHistory;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the {@link CouncilJob}s of one scheduler need, and how their job details and run ids are made.
 *
 * <p>One per scheduler (per JVM): build it with the application's engine — whose recorder must be the
 * JDBI recorder, so runs survive the JVM and finished member calls are journaled — the
 * {@link RunHistory} over the same tables, and the councils jobs may name; then {@link #install} it in
 * the scheduler before {@link Scheduler#start()}. The scheduler's job store keeps only names and strings
 * (the council's name, the input as JSON), never the engine.
 *
 * <pre>{@code
 * CouncilJobs jobs = CouncilJobs.builder(engine, RunHistory.create(dataSource, "council_"))
 *     .council(advisor)
 *     .build();
 * jobs.install(scheduler);
 * scheduler.scheduleJob(jobs.job(JobKey.jobKey("weekly-review"), "advisor", Map.of("question", q), 3),
 *     TriggerBuilder.newTrigger().startNow().build());
 * scheduler.start();
 * }</pre>
 *
 * <p><b>Run ids.</b> A job's run id is derived from its key and the firing's scheduled time ({@link #runId});
 * attempt n &gt; 1 of the same firing appends {@code /attempt-n}. So the job id is stored with every run
 * it makes (the recorder keeps the run id), {@link #jobKeyOf} reads it back, and a firing that Quartz
 * recovers after a crash — same key, same scheduled time — finds the run it must resume.
 *
 * <p>Immutable and thread-safe.
 */
public final class CouncilJobs {
  /** The key under which {@link #install} puts this object in the scheduler's context. */
  public static final String CONTEXT_KEY = "dev.council.jobs.quartz.CouncilJobs";
  /** Job data: the name of the council to run (a string). */
  public static final String COUNCIL = "councilJob.council";
  /** Job data: the run input as a JSON object (a string). */
  public static final String INPUT = "councilJob.input";
  /** Job data: how many attempts (the first run and its re-runs) one firing may make (a string, ≥ 1). */
  public static final String MAX_ATTEMPTS = "councilJob.maxAttempts";
  /** The run id prefix of every run a {@link CouncilJob} makes. */
  public static final String RUN_ID_PREFIX = "job/";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ATTEMPT = "/attempt-";

  private final CouncilEngine engine;
  private final RunHistory history;
  private final Map<String, Council> councils;
  private final RunOptions options;
  private final @Nullable Duration jobTimeout;
  private final Duration resumeWait;

  private CouncilJobs(Builder b) {
    this.engine = b.engine;
    this.history = b.history;
    this.councils = Map.copyOf(b.councils);
    this.options = b.options;
    this.jobTimeout = b.jobTimeout;
    this.resumeWait = b.resumeWait;
  }

  /**
   * A builder over {@code engine} (whose recorder is the JDBI recorder) and {@code history}, the run
   * history over the same tables.
   */
  public static Builder builder(CouncilEngine engine, RunHistory history) {
    return new Builder(engine, history);
  }

  /** Puts this object in {@code scheduler}'s context, where every {@link CouncilJob} it runs finds it. */
  public void install(Scheduler scheduler) throws SchedulerException {
    scheduler.getContext().put(CONTEXT_KEY, this);
  }

  /**
   * A recoverable (not durable) job that runs {@code council} on {@code input}: {@code requestsRecovery}
   * is set, so when the JVM running it dies, the scheduler that next starts with the same instance id
   * (or, clustered, a surviving node) runs it again, and it resumes the same run.
   *
   * @param maxAttempts how many runs one firing may make: the first and up to {@code maxAttempts - 1}
   *     re-runs after a failed or cancelled run
   * @throws IllegalArgumentException when the council is not one of this object's, or the input is not
   *     JSON
   */
  public JobDetail job(JobKey key, String council, Map<String, ?> input, int maxAttempts) {
    Objects.requireNonNull(key, "key");
    council(council);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 (the first run), was " + maxAttempts);
    }
    return JobBuilder.newJob(CouncilJob.class).withIdentity(key).requestRecovery(true)
        .usingJobData(COUNCIL, council)
        .usingJobData(INPUT, JSON.writeValueAsString(input))
        .usingJobData(MAX_ATTEMPTS, Integer.toString(maxAttempts))
        .build();
  }

  /** The engine the jobs run on. */
  public CouncilEngine engine() {
    return engine;
  }

  /** The run history the jobs look their runs up in. */
  public RunHistory history() {
    return history;
  }

  /**
   * The council named {@code name}.
   *
   * @throws IllegalArgumentException naming the councils there are, when there is none by that name
   */
  public Council council(String name) {
    Council c = councils.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no council named '" + name + "' was given to CouncilJobs; known: "
          + councils.keySet() + ". Add it with CouncilJobs.builder(...).council(...)");
    }
    return c;
  }

  /** The options every job's run starts with (listeners, budget, retry...); the run id is set per run. */
  public RunOptions options() {
    return options;
  }

  /**
   * How long a job waits for its run before cancelling it and failing: the builder's, else
   * {@link JobTimeouts#forCouncil(CouncilEngine, Council, RunOptions)}.
   */
  public Duration jobTimeout(Council council) {
    return jobTimeout != null ? jobTimeout : JobTimeouts.forCouncil(engine, council, options);
  }

  /**
   * How long a recovered job keeps retrying to resume its run while the dead JVM's lease on it has not
   * lapsed yet.
   */
  public Duration resumeWait() {
    return resumeWait;
  }

  /**
   * The run id of {@code attempt} of the firing of job {@code key} scheduled for {@code scheduledFireTimeMillis}:
   * {@code job/<group>/<name>/<millis>}, with {@code /attempt-<n>} for n &gt; 1; group and name
   * URL-encoded.
   */
  public static String runId(JobKey key, long scheduledFireTimeMillis, int attempt) {
    String base = RUN_ID_PREFIX + encode(key.getGroup()) + "/" + encode(key.getName()) + "/" + scheduledFireTimeMillis;
    return attempt <= 1 ? base : base + ATTEMPT + attempt;
  }

  /** The job that made run {@code runId}, when a {@link CouncilJob} made it. */
  public static Optional<JobKey> jobKeyOf(String runId) {
    if (!runId.startsWith(RUN_ID_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = runId.substring(RUN_ID_PREFIX.length()).split("/");
    if (parts.length < 3) {
      return Optional.empty();
    }
    return Optional.of(JobKey.jobKey(URLDecoder.decode(parts[1], StandardCharsets.UTF_8),
        URLDecoder.decode(parts[0], StandardCharsets.UTF_8)));
  }

  static Map<String, Object> input(String json) {
    Object tree = JSON.readValue(json, Object.class);
    if (!(tree instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("job data " + INPUT + " must be a JSON object, was: " + json);
    }
    Map<String, Object> input = new LinkedHashMap<>();
    map.forEach((k, v) -> input.put(String.valueOf(k), v));
    return input;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "CouncilJobs[councils=" + councils.keySet() + "]";
  }

  /** Builds a {@link CouncilJobs}; not thread-safe. */
  public static final class Builder {
    private final CouncilEngine engine;
    private final RunHistory history;
    private final Map<String, Council> councils = new LinkedHashMap<>();
    private RunOptions options = RunOptions.DEFAULTS;
    private @Nullable Duration jobTimeout;
    private Duration resumeWait = Duration.ofMinutes(2);

    private Builder(CouncilEngine engine, RunHistory history) {
      this.engine = Objects.requireNonNull(engine, "engine");
      this.history = Objects.requireNonNull(history, "history");
    }

    /** A council jobs may run, under its id. */
    public Builder council(Council council) {
      return council(council.id(), council);
    }

    /** A council jobs may run, under {@code name}. */
    public Builder council(String name, Council council) {
      councils.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(council, "council"));
      return this;
    }

    /** Options every run starts with; a run id in them is ignored (each run's is derived from its job). */
    public Builder options(RunOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** A fixed job timeout instead of the one {@link JobTimeouts} computes per council. */
    public Builder jobTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("jobTimeout must be positive, was " + timeout);
      }
      this.jobTimeout = timeout;
      return this;
    }

    /**
     * How long a recovered job retries resuming a run the dead JVM still holds a lease on; at least the
     * recorder's lease ({@code council.recorder.jdbi.lease}, 10 s by default). Default 2 minutes.
     */
    public Builder resumeWait(Duration wait) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("resumeWait must not be negative, was " + wait);
      }
      this.resumeWait = wait;
      return this;
    }

    public CouncilJobs build() {
      return new CouncilJobs(this);
    }
  }
}
