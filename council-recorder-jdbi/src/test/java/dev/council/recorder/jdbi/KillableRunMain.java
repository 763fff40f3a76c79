package dev.council.recorder.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link KilledJvmResumeTest} starts and kills with SIGKILL: it runs
 * {@link KilledJvmResumeTest#COUNCIL} on the JDBI recorder, as node {@value #NODE}, with a provider
 * that logs every call to the {@link CallLog} and never answers member {@code c} in round 2. It never
 * exits on its own. Its writer waits up to 300 ms for a batch, so the events of the last moments are
 * likely still in its buffer when it dies.
 *
 * <p>Arguments: the table prefix, the run id, the call log's path.
 */
final class KillableRunMain {
  static final String NODE = "doomed-node";
  static final String BLOCKED_CALL = "c 1";
  /** The lease of the killed process's runs: a resume elsewhere is refused until it lapses. */
  static final Duration LEASE = Duration.ofSeconds(2);

  private KillableRunMain() {}

  public static void main(String[] args) throws InterruptedException {
    String prefix = args[0];
    String runId = args[1];
    CallLog log = new CallLog(Path.of(args[2]));
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName("killable-run");
    pool.setJdbcUrl(TestDatabase.URL);
    pool.setUsername(TestDatabase.USER);
    pool.setPassword(TestDatabase.PASSWORD);
    pool.setMaximumPoolSize(4);
    JdbiRecorder recorder = JdbiRecorder.builder().dataSource(pool).closeDataSource(true).tablePrefix(prefix)
        .flushInterval(Duration.ofMillis(300)).lease(LEASE).build();
    CouncilEngine engine = CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.node-id", NODE)))
        .recorder(recorder)
        .provider("mock", log.provider(BLOCKED_CALL))
        .build();
    engine.start(KilledJvmResumeTest.COUNCIL, Councils.QUESTION, RunOptions.builder().runId(runId).build());
    System.out.println("started run " + runId + " in process " + ProcessHandle.current().pid());
    new CountDownLatch(1).await();
  }
}
