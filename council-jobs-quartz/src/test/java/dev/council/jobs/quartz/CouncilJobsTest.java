package dev.council.jobs.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.engine.CouncilEngine;
import dev.council.recorder.jdbi.RunHistory;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.quartz.JobDetail;
import org.quartz.JobKey;

/** Job details and run ids: what the job store keeps, and how a run names its job. */
class CouncilJobsTest {
  /** Never connected to: building job details and run ids needs no database. */
  private static final DataSource UNUSED = new PGSimpleDataSource();

  @Test
  void aRunIdNamesItsJobFiringAndAttemptAndGivesTheJobBack() {
    JobKey key = JobKey.jobKey("weekly/review #1", "team a");
    assertThat(CouncilJobs.runId(key, 1_700_000_000_000L, 1)).isEqualTo("job/team+a/weekly%2Freview+%231/1700000000000");
    assertThat(CouncilJobs.runId(key, 1_700_000_000_000L, 3))
        .isEqualTo("job/team+a/weekly%2Freview+%231/1700000000000/attempt-3");
    assertThat(CouncilJobs.jobKeyOf(CouncilJobs.runId(key, 5, 1))).contains(key);
    assertThat(CouncilJobs.jobKeyOf(CouncilJobs.runId(key, 5, 2))).contains(key);
    assertThat(CouncilJobs.jobKeyOf("3f1c-an-ordinary-run-id")).isEmpty();
  }

  @Test
  void aJobDetailRequestsRecoveryAndKeepsOnlyStrings() {
    try (CouncilEngine engine = CouncilEngine.builder().build()) {
      CouncilJobs jobs = CouncilJobs.builder(engine, RunHistory.create(UNUSED, "council_"))
          .council(Councils.LIBRARY).build();
      JobDetail job = jobs.job(JobKey.jobKey("j"), "library-council", Map.of("question", "Why?"), 2);

      assertThat(job.requestsRecovery()).isTrue();
      assertThat(job.getJobClass()).isEqualTo(CouncilJob.class);
      assertThat(job.getJobDataMap().getWrappedMap()).containsOnly(
          Map.entry(CouncilJobs.COUNCIL, "library-council"),
          Map.entry(CouncilJobs.INPUT, "{\"question\":\"Why?\"}"),
          Map.entry(CouncilJobs.MAX_ATTEMPTS, "2"));
    }
  }

  @Test
  void anUnknownCouncilOrNoAttemptsAreRefusedSayingWhatToDo() {
    try (CouncilEngine engine = CouncilEngine.builder().build()) {
      CouncilJobs jobs = CouncilJobs.builder(engine, RunHistory.create(UNUSED, "council_"))
          .council(Councils.LIBRARY).build();
      assertThatThrownBy(() -> jobs.job(JobKey.jobKey("j"), "advisor", Map.of(), 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no council named 'advisor'").hasMessageContaining("[library-council]");
      assertThatThrownBy(() -> jobs.job(JobKey.jobKey("j"), "library-council", Map.of(), 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts must be at least 1");
    }
  }
}
