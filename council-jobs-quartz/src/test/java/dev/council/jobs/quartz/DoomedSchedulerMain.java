package dev.council.jobs.quartz;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.recorder.jdbi.CallLog;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.RunHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The scheduler JVM {@link KilledSchedulerJvmTest} starts and kills with SIGKILL: a Quartz scheduler on
 * the JDBC job store that schedules {@link #JOB} at once; the job runs {@link Councils#LIBRARY} on the JDBI
 * recorder as node {@value #NODE}, with a provider that logs every call to the {@link CallLog} and never
 * answers member {@code c} in round 2. It never exits on its own.
 *
 * <p>Arguments: the scheduler name, the council table prefix, the Quartz table prefix, the call log's path.
 */
final class DoomedSchedulerMain {
  static final String NODE = "doomed-node";
  static final String BLOCKED_CALL = "c 1";
  static final JobKey JOB = JobKey.jobKey("sunday-opening", "library");
  /** The lease of the killed JVM's runs: a resume elsewhere is refused until it lapses. */
  static final Duration LEASE = Duration.ofSeconds(2);

  private DoomedSchedulerMain() {}

  public static void main(String[] args) throws Exception {
    String schedulerName = args[0];
    String councilPrefix = args[1];
    String quartzPrefix = args[2];
    CallLog log = new CallLog(Path.of(args[3]));
    HikariDataSource pool = TestDatabase.pool("doomed");
    JdbiRecorder recorder = JdbiRecorder.builder().dataSource(pool).tablePrefix(councilPrefix)
        .flushInterval(Duration.ofMillis(300)).lease(LEASE).build();
    CouncilEngine engine = CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.node-id", NODE)))
        .recorder(recorder)
        .provider("mock", log.provider(BLOCKED_CALL))
        .build();
    CouncilJobs jobs = CouncilJobs.builder(engine, RunHistory.create(pool, councilPrefix))
        .council(Councils.LIBRARY).build();
    Scheduler scheduler = new StdSchedulerFactory(TestDatabase.quartz(schedulerName, quartzPrefix)).getScheduler();
    jobs.install(scheduler);
    scheduler.scheduleJob(jobs.job(JOB, Councils.LIBRARY.id(), Councils.QUESTION, 1),
        TriggerBuilder.newTrigger().withIdentity("now", "library").startNow().build());
    scheduler.start();
    System.out.println("scheduled " + JOB + " in process " + ProcessHandle.current().pid());
    new CountDownLatch(1).await();
  }
}
