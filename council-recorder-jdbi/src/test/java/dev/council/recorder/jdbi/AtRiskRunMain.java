package dev.council.recorder.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The process {@link AtRiskKilledJvmTest} starts and kills with SIGKILL: it runs
 * {@link KilledJvmResumeTest#COUNCIL} on the JDBI recorder as node {@value #NODE}. Its events go straight
 * to PostgreSQL; its journal goes through the test's {@link TcpProxy}, so that the test can cut the
 * journal alone. The provider logs every call to the {@link CallLog}, holds the calls after the first
 * round until the gate file exists, and never answers {@value KillableRunMain#BLOCKED_CALL}. Prints
 * {@code journalAtRisk=<n>} whenever that counter changes. Never exits on its own.
 *
 * <p>Arguments: the table prefix, the run id, the call log's path, the journal proxy's port, the gate
 * file's path.
 */
final class AtRiskRunMain {
  static final String NODE = "at-risk-node";

  private AtRiskRunMain() {}

  public static void main(String[] args) throws InterruptedException {
    String prefix = args[0];
    String runId = args[1];
    CallLog log = new CallLog(Path.of(args[2]));
    int journalPort = Integer.parseInt(args[3]);
    Path gate = Path.of(args[4]);
    HikariDataSource events = new HikariDataSource();
    events.setPoolName("at-risk-events");
    events.setJdbcUrl(TestDatabase.URL);
    events.setUsername(TestDatabase.USER);
    events.setPassword(TestDatabase.PASSWORD);
    events.setMaximumPoolSize(2);
    HikariDataSource journal = new HikariDataSource();
    journal.setPoolName("at-risk-journal");
    journal.setJdbcUrl(TestDatabase.urlVia("127.0.0.1", journalPort));
    journal.setUsername(TestDatabase.USER);
    journal.setPassword(TestDatabase.PASSWORD);
    journal.setMaximumPoolSize(1);
    journal.setConnectionTimeout(500);
    journal.setInitializationFailTimeout(-1);
    JdbiRecorder recorder = JdbiRecorder.builder().dataSource(events).journalDataSource(journal)
        .tablePrefix(prefix).flushInterval(Duration.ofMillis(20)).lease(KillableRunMain.LEASE)
        .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).build();
    CouncilEngine engine = CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.node-id", NODE)))
        .recorder(recorder)
        .provider("mock", log.provider(KillableRunMain.BLOCKED_CALL, gate))
        .build();
    engine.start(KilledJvmResumeTest.COUNCIL, Councils.QUESTION, RunOptions.builder().runId(runId).build());
    System.out.println("started run " + runId + " in process " + ProcessHandle.current().pid());
    long shown = -1;
    while (true) {
      long atRisk = recorder.stats().journalAtRisk();
      if (atRisk != shown) {
        System.out.println("journalAtRisk=" + atRisk);
        System.out.flush();
        shown = atRisk;
      }
      Thread.sleep(20);
    }
  }
}
