package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.RunStatus;
import dev.council.api.spi.RunRecording;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lease renewal never waits for a run row another transaction holds (such as a writer's batch): it
 * renews the other runs and takes the held row at a later tick, so it cannot deadlock with the writers.
 */
class LeaseRenewalTest {
  private static final Duration FLUSH = Duration.ofSeconds(30);

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("renew");

  @Test
  void renewalSkipsARunRowHeldByAnotherTransactionAndRenewsTheOthers() throws Exception {
    SyntheticRun held = new SyntheticRun("renew-held", Instant.parse("2026-03-01T10:00:00Z"));
    SyntheticRun free = new SyntheticRun("renew-free", Instant.parse("2026-03-01T10:00:00Z"));
    try (JdbiRecorder recorder = TABLES.recorderBuilder().flushInterval(Duration.ZERO)
        .lease(Duration.ofMillis(600)).build()) {
      RunRecording heldRecording = recorder.open(held.info());
      RunRecording freeRecording = recorder.open(free.info());
      assertThat(recorder.awaitFlushed(FLUSH)).isTrue();

      try (Connection locker = TestDatabase.dataSource(TestDatabase.URL).getConnection()) {
        locker.setAutoCommit(false);
        try (PreparedStatement lock = locker.prepareStatement(
            "SELECT run_id FROM " + TABLES.prefix() + "runs WHERE run_id = ? FOR UPDATE")) {
          lock.setString(1, held.runId);
          lock.executeQuery().close();
        }
        double heldBefore = leaseExpiry(held.runId);
        double freeBefore = leaseExpiry(free.runId);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (leaseExpiry(free.runId) <= freeBefore && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }

        assertThat(leaseExpiry(free.runId)).as("the free run's lease is renewed while the other row is held")
            .isGreaterThan(freeBefore);
        assertThat(leaseExpiry(held.runId)).as("the held row is left for a later tick").isEqualTo(heldBefore);
        locker.rollback();
      }

      double released = leaseExpiry(held.runId);
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (leaseExpiry(held.runId) <= released && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(leaseExpiry(held.runId)).as("renewed once the row is free again").isGreaterThan(released);
      assertThat(recorder.stats().failures()).isZero();
      assertThat(recorder.stats().leasesLost()).isZero();
      heldRecording.finish(held.outcome(RunStatus.COMPLETED));
      freeRecording.finish(free.outcome(RunStatus.COMPLETED));
    }
  }

  private static double leaseExpiry(String runId) throws SQLException {
    try (Connection c = TestDatabase.dataSource(TestDatabase.URL).getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT extract(epoch FROM lease_expires_at) FROM " + TABLES.prefix() + "runs WHERE run_id = ?")) {
      s.setString(1, runId);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("run row " + runId).isTrue();
        return rs.getDouble(1);
      }
    }
  }
}
