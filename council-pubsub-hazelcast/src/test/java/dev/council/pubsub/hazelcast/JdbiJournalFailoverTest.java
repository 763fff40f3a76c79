package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.recorder.jdbi.RunHistory;
import dev.council.recorder.jdbi.StoredEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Failover with the {@code jdbi} recorder (PostgreSQL, set up by {@code scripts/postgres.sh}; the test fails,
 * never skips, without it): node A, a separate JVM, is killed (SIGKILL) in its second round; node B or C
 * adopts the run, waits until A's recorder lease lapsed ({@code council.recorder.jdbi.lease}) to claim it,
 * and completes it from the journal. No finished call is made twice, the stored events are contiguous
 * with one {@code RunCompleted}, and {@code await} on both B and C (one of them a third node) returns the
 * result.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JdbiJournalFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String URL = env("COUNCIL_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/council");
  private static final String USER = env("COUNCIL_TEST_JDBC_USER", "council");
  private static final String PASSWORD = env("COUNCIL_TEST_JDBC_PASSWORD", "council");

  @Test
  void aRunOfAKilledNodeIsAdoptedAndCompletedFromThePostgresJournal() throws Exception {
    PGSimpleDataSource db = dataSource();
    String prefix = "hzfail_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    TestCluster cluster = new TestCluster();
    Path dir = Files.createDirectories(Path.of("target", "jdbi-failover", cluster.name));
    CallLog calls = new CallLog(dir.resolve("calls.log"));
    Map<String, String> keysA = new LinkedHashMap<>(nodeConfig(cluster, 0, "node-a", prefix));
    keysA.put("test.call-log", dir.resolve("calls.log").toAbsolutePath().toString());
    NodeProcess nodeA = NodeProcess.start(keysA, new File("target/node-logs/" + cluster.name + "-a.log"));
    HazelcastInstance hzB = cluster.member(1);
    HazelcastInstance hzC = cluster.member(2);
    RunHistory history = RunHistory.create(db, prefix);
    String runId = "jdbi-adopted-" + cluster.name;
    try (CouncilEngine nodeB = engine(cluster, hzB, 1, "node-b", prefix, calls);
        CouncilEngine nodeC = engine(cluster, hzC, 2, "node-c", prefix, calls)) {
      Eventually.until(() -> hzB.getCluster().getMembers().size() == 3 && hzB.getPartitionService().isClusterSafe(),
          WAIT, "all three members hold their partition replicas");
      nodeA.command("start " + runId + " failover", "started " + runId);
      Eventually.until(() -> calls.counts().containsKey("a 1") && calls.counts().containsKey("b 1")
          && roundsRecorded(history, runId) == 1,
          WAIT, "round 1 finished and recorded on node A, round 2 in flight");
      RunHandle onB = nodeB.find(runId).orElseThrow();
      RunHandle onC = nodeC.find(runId).orElseThrow();

      nodeA.kill();
      Result result = onB.await(WAIT);
      Result seenOnC = onC.await(WAIT);

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.answer()).isEqualTo("chair in round 2");
      assertThat(seenOnC).isEqualTo(result);
      String adopter = nodeB.find(runId).orElseThrow().state().owner();
      assertThat(adopter).isIn("node-b", "node-c");
      assertThat(calls.counts()).as("round 1's finished calls only once, on A; round 2's on A (killed) and the adopter")
          .containsEntry("a 0", 1L).containsEntry("b 0", 1L)
          .containsEntry("a 1", 2L).containsEntry("b 1", 2L).containsEntry("chair 2", 1L);
      Eventually.until(() -> history.run(runId).map(r -> r.finishedAt() != null).orElse(false), WAIT,
          "the adopter recorded the outcome");
      assertThat(history.run(runId).orElseThrow().status()).isEqualTo(dev.council.recorder.jdbi.StoredRunStatus.COMPLETED);
      assertThat(history.run(runId).orElseThrow().ownerNode()).isEqualTo(adopter);
      List<StoredEvent> events = history.events(runId, 0, 1_000);
      assertThat(events).extracting(StoredEvent::seq)
          .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
      assertThat(events).filteredOn(e -> e.type().equals("run_started")).hasSize(2);
      assertThat(events).filteredOn(e -> e.type().equals("run_completed")).hasSize(1);
      assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
    } finally {
      nodeA.kill();
      hzB.getLifecycleService().terminate();
      hzC.getLifecycleService().terminate();
      dropTables(db, prefix);
    }
  }

  /** Rounds of the run recorded as completed; 0 while A has not created its tables yet. */
  private static long roundsRecorded(RunHistory history, String runId) {
    try {
      return history.events(runId, 0, 100).stream().filter(e -> e.type().equals("round_completed")).count();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static Map<String, String> nodeConfig(TestCluster cluster, int offset, String nodeId, String prefix) {
    Map<String, String> keys = new LinkedHashMap<>(cluster.keys(offset));
    keys.put("council.mode", "multi-node");
    keys.put("council.node-id", nodeId);
    keys.put("council.recorder", "jdbi");
    keys.put("council.jdbc.url", URL);
    keys.put("council.jdbc.user", USER);
    keys.put("council.jdbc.password", PASSWORD);
    keys.put("council.recorder.jdbi.table-prefix", prefix);
    keys.put("council.recorder.jdbi.lease", "4s");
    keys.put(CouncilEngine.FAILOVER, "adopt");
    return keys;
  }

  private static CouncilEngine engine(TestCluster cluster, HazelcastInstance hz, int offset, String nodeId,
      String prefix, CallLog calls) {
    CouncilConfig config = CouncilConfig.builder().systemProperties(Map.of()).environment(Map.of())
        .setAll(nodeConfig(cluster, offset, nodeId, prefix)).share(HazelcastInstance.class, hz).build();
    return CouncilEngine.builder().config(config).provider("mock", calls.provider(false)).build();
  }

  private static PGSimpleDataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(URL);
    ds.setUser(USER);
    ds.setPassword(PASSWORD);
    ds.setConnectTimeout(5);
    try (Connection c = ds.getConnection()) {
      if (!c.isValid(5)) {
        throw new AssertionError("PostgreSQL at " + URL + " is not valid");
      }
    } catch (SQLException e) {
      throw new AssertionError("PostgreSQL is not reachable at " + URL + " as user " + USER + ": " + e.getMessage()
          + ". Run scripts/postgres.sh (as root), or point COUNCIL_TEST_JDBC_URL / COUNCIL_TEST_JDBC_USER /"
          + " COUNCIL_TEST_JDBC_PASSWORD at a server.", e);
    }
    return ds;
  }

  private static void dropTables(PGSimpleDataSource db, String prefix) {
    try (Connection c = db.getConnection(); var s = c.createStatement();
        var rs = c.createStatement().executeQuery("SELECT tablename FROM pg_tables WHERE tablename LIKE '"
            + prefix + "%'")) {
      List<String> tables = new java.util.ArrayList<>();
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
      for (String t : tables) {
        s.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
      }
    } catch (SQLException e) {
      // leftover tables under a unique prefix harm no other test
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
