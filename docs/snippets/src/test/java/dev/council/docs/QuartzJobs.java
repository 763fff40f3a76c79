package dev.council.docs;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.Budget;
import dev.council.api.Council;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.jobs.quartz.CouncilJobs;
import dev.council.jobs.quartz.JobTimeouts;
import dev.council.jobs.quartz.QuartzTables;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.RunHistory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/** docs/jobs.md: Quartz's tables, the jobs, their time limits. */
final class QuartzJobs {
  private QuartzJobs() {}

  static List<String> tables(DataSource dataSource) throws SQLException {
    QuartzTables.create(dataSource, "qrtz_");          // idempotent: creates only what is missing, never drops
    List<String> ddl = QuartzTables.statements("qrtz_"); // or hand the statements to Flyway / Liquibase
    return ddl;
  }

  static Scheduler jobs(HikariDataSource pool, Council advisor, Properties quartzProperties)
      throws SchedulerException {
    // pool: the application's pool
    JdbiRecorder recorder = JdbiRecorder.builder().dataSource(pool).tablePrefix("council_").build();
    CouncilEngine engine = CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.node-id", "worker-1")))
        .recorder(recorder)
        .build();                                                  // providers from configuration

    CouncilJobs jobs = CouncilJobs.builder(engine, RunHistory.create(pool, "council_"))
        .council(advisor)                                          // the councils jobs may name, by id
        .options(RunOptions.builder().budget(Budget.ofTokens(200_000)).build())
        .build();

    Scheduler scheduler = new StdSchedulerFactory(quartzProperties).getScheduler();
    jobs.install(scheduler);                                       // before start(): jobs find the engine here
    scheduler.scheduleJob(
        jobs.job(JobKey.jobKey("weekly-review", "reports"), "advisor",
            Map.of("question", "What should we change this week?"), 3),   // up to 3 attempts
        TriggerBuilder.newTrigger().withSchedule(CronScheduleBuilder.weeklyOnDayAndHourAndMinute(2, 9, 0)).build());
    scheduler.start();
    return scheduler;
  }

  static List<Duration> timeouts(CouncilEngine engine, Council advisor, RunOptions options) {
    Duration timeout = JobTimeouts.forCouncil(engine, advisor, options);          // what CouncilJobs uses
    Duration generous = JobTimeouts.forCouncil(engine, advisor, options, Duration.ofMinutes(2));
    return List.of(timeout, generous);
  }
}
