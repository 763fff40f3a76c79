package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An engine cut off from PostgreSQL for longer than its run's lease loses the run to another engine,
 * which resumes and finishes it. When the first engine can reach the database again, its lease renewal
 * finds the run owned elsewhere: it logs that at ERROR, counts it, and writes nothing more of the run (its
 * later events, outcome and journal entries are refused and counted), so the stored run is the second
 * engine's, without the first one's writes interleaved.
 */
@Timeout(90)
class LeaseLossTest {
  private static final Council TWO = Councils.council(List.of("a", "b"), List.of("independent_analysis"), false);
  private static final Duration LEASE = Duration.ofSeconds(1);

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("lease_loss");

  private static MockProvider answering(String from, CountDownLatch holdB) {
    return MockProvider.create("mock").fallback(MockScript.respond((ChatRequest request) -> {
      if (request.context().memberId().equals("b")) {
        try {
          holdB.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return ChatResponse.of(request.context().memberId() + " from " + from, Usage.of(3, 2));
    }));
  }

  @Test
  void anEngineThatLostItsLeaseDuringAnOutageStopsWritingTheRunThatAnotherEngineResumed() throws Exception {
    String runId = "lease-lost-run";
    CountDownLatch releaseFirst = new CountDownLatch(1);
    try (TcpProxy proxy = TcpProxy.to(TestDatabase.host(), TestDatabase.port());
        HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl(TestDatabase.urlVia("127.0.0.1", proxy.port()));
      pool.setUsername(TestDatabase.USER);
      pool.setPassword(TestDatabase.PASSWORD);
      pool.setMaximumPoolSize(3);
      pool.setConnectionTimeout(500);
      pool.setInitializationFailTimeout(-1);
      JdbiRecorder first = JdbiRecorder.builder().dataSource(pool).tablePrefix(TABLES.prefix()).lease(LEASE)
          .flushInterval(Duration.ofMillis(5)).retryBackoff(Duration.ofMillis(50), Duration.ofMillis(300)).build();
      try (CouncilEngine cutOff = CouncilEngine.builder()
          .config(CouncilConfig.of(Map.of("council.node-id", "cut-off-node")))
          .recorder(first).provider("mock", answering("the cut-off engine", releaseFirst)).build()) {
        RunHandle original = cutOff.start(TWO, Councils.QUESTION, RunOptions.builder().runId(runId).build());
        Await.until("a is journaled", () -> journal(runId).size() == 1);
        assertThat(first.awaitFlushed(Duration.ofSeconds(30))).isTrue();

        proxy.stop();
        Result rescued;
        JdbiRecorder second = TABLES.recorderBuilder().build();
        try (CouncilEngine rescuer = CouncilEngine.builder()
            .config(CouncilConfig.of(Map.of("council.node-id", "rescuer-node")))
            .recorder(second).provider("mock", answering("the rescuer", new CountDownLatch(0))).build()) {
          AtomicReference<RunHandle> resumed = new AtomicReference<>();
          Await.until("the cut-off engine's lease lapsed and the resume is accepted", () -> {
            try {
              resumed.set(rescuer.resume(runId));
              return true;
            } catch (CouncilException e) {
              assertThat(e.getMessage()).contains("is owned by another live engine (node cut-off-node");
              return false;
            }
          });
          rescued = resumed.get().await(Duration.ofSeconds(30));
          assertThat(second.awaitFlushed(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(rescued.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(first.stats().leasesLost()).as("not noticed while the database is unreachable").isZero();

        proxy.start();
        Await.until("the cut-off engine's renewal finds the run owned elsewhere", () -> first.stats().leasesLost() == 1);
        releaseFirst.countDown();
        assertThat(original.await(Duration.ofSeconds(30)).status()).as("the run itself goes on in the cut-off engine")
            .isEqualTo(RunStatus.COMPLETED);
        assertThat(first.awaitFlushed(Duration.ofSeconds(30))).isTrue();
        // Events reach the recorder asynchronously; the refused ones never enter its buffer.
        Await.until("the run's outcome reached the cut-off recorder", () -> first.stats().conflicted() >= 4);

        RecorderStats stats = first.stats();
        assertThat(stats.leasesLost()).isEqualTo(1);
        assertThat(stats.journalFenced()).as("b's entry from the cut-off engine").isEqualTo(1);
        assertThat(stats.journalWritten()).as("only a's entry, before the cut").isEqualTo(1);
        assertThat(stats.conflicted()).as("b's completion, the round's and the run's, and the outcome")
            .isEqualTo(4);
        assertThat(stats.dropped()).isEqualTo(stats.conflicted());
      }
    }

    StoredRun stored = TABLES.history().run(runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(stored.ownerNode()).isEqualTo("rescuer-node");
    assertThat(stored.result()).isNotNull();
    assertThat(stored.result().rounds().get(0).member("b").orElseThrow().content()).as("the rescuer's result")
        .isEqualTo("b from the rescuer");
    assertThat(journal(runId)).as("the journal holds the rescuer's call, not overwritten")
        .containsEntry("a", "a from the cut-off engine").containsEntry("b", "b from the rescuer");
    List<StoredEvent> events = TABLES.history().events(runId, 0, 1000);
    assertThat(events).extracting(StoredEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(0, stored.lastSeq()).boxed().toList());
    assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
    assertThat(events).filteredOn(e -> e.type().equals("run_completed")).hasSize(1);
  }

  /** The journaled content by member. */
  private static Map<String, String> journal(String runId) {
    return TABLES.jdbi().withHandle(h -> h.createQuery("SELECT member_id, response->>'content' AS content FROM "
            + TABLES.prefix() + "member_calls WHERE run_id = :runId").bind("runId", runId)
        .setMapKeyColumn("member_id").setMapValueColumn("content").collectInto(
            new org.jdbi.v3.core.generic.GenericType<Map<String, String>>() {}));
  }
}
