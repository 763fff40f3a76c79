package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.pubsub.hazelcast.ClusterNodeMain;
import dev.council.pubsub.hazelcast.NodeProcess;
import dev.council.pubsub.hazelcast.TestCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An event stream that outlives the node running its run: node A, a separate JVM, runs a council; node
 * B's server streams that run ({@code GET /v1/runs/{id}/events}); A is killed (SIGKILL) mid-run, and B or
 * node C (both in this JVM, {@code council.failover=adopt} with the {@code hazelcast} recorder) adopts the
 * run. The client on B sees the adopter's events continue the sequence — no gap, no duplicate — through
 * {@code run_completed}, and the stream ends {@code completed}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailoverStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Map<String, String> keys(TestCluster cluster, int offset, String nodeId) {
    Map<String, String> keys = new LinkedHashMap<>(cluster.keys(offset));
    keys.put("council.mode", "multi-node");
    keys.put("council.node-id", nodeId);
    keys.put("council.recorder", "hazelcast");
    keys.put(CouncilEngine.FAILOVER, "adopt");
    keys.put("council.reap-after", "5m");
    return keys;
  }

  private static CouncilEngine engine(TestCluster cluster, int offset, String nodeId) {
    return CouncilEngine.builder().config(CouncilConfig.of(keys(cluster, offset, nodeId)))
        .provider("mock", ClusterNodeMain.mock()).build();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theStreamOnNodeBContinuesWithTheAdoptersEventsAfterNodeAIsKilled() throws Exception {
    TestCluster cluster = new TestCluster();
    String runId = "streamed-" + cluster.name;
    Path dir = Files.createTempDirectory("council-failover-stream");
    CouncilEngine engineB = engine(cluster, 1, "node-b");
    CouncilServer serverB = CouncilServer.builder(engineB).config(ServerConfig.DEFAULTS.withPort(0)).start();
    NodeProcess nodeA = null;
    try (Fixture b = Fixture.of(engineB, serverB, dir); CouncilEngine engineC = engine(cluster, 2, "node-c")) {
      nodeA = NodeProcess.start(keys(cluster, 0, "node-a"), new File("target/node-logs/" + cluster.name + "-a.log"));
      // until every partition has its backup on B or C, A's death would lose what only A held
      nodeA.command("safe", "safe 3");
      nodeA.command("start " + runId + " slow", "started " + runId);

      List<Sse.Message> events = new ArrayList<>();
      Sse.Message end;
      try (Sse sse = Sse.open(b, runId, null)) {
        assertThat(sse.response.statusCode()).isEqualTo(200);
        Sse.Message m;
        // the first round's answers are in (and journaled): kill A while its second round is in flight
        while ((m = sse.next()) != null && !m.event().equals("end")) {
          events.add(m);
          if ("round_completed".equals(m.json().get("type"))) {
            break;
          }
        }
        assertThat(events).as("the first round completed on node A").isNotEmpty()
            .last().satisfies(e -> assertThat(e.json()).containsEntry("type", "round_completed"));
        Map<String, Object> state = (Map<String, Object>) Fixture.json(b.get("/v1/runs/" + runId)).get("run");
        assertThat(state).containsEntry("owner", "node-a");
        int beforeKill = events.size();

        nodeA.kill();

        while ((m = sse.next()) != null && !m.event().equals("end")) {
          events.add(m);
        }
        end = m;
        assertThat(events.size()).as("events after the kill").isGreaterThan(beforeKill);
      }
      assertThat(end).as("the stream ends with an end event").isNotNull();
      assertThat(end.json()).as("the end after events %s", events.stream()
          .map(e -> e.seq() + ":" + e.json().get("type")).toList()).containsEntry("reason", "completed");
      long first = events.getFirst().seq();
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).seq()).as("event %d (contiguous, no duplicate)", i).isEqualTo(first + i);
        assertThat(events.get(i).id()).isEqualTo(Long.toString(first + i));
      }
      assertThat(events.getLast().json()).containsEntry("type", "run_completed");
      assertThat(((Number) end.json().get("lastEventId")).longValue()).isEqualTo(events.getLast().seq());
      assertThat(events).as("the adopter announced its restart of the run")
          .filteredOn(e -> "run_started".equals(e.json().get("type"))).isNotEmpty();

      Map<String, Object> done = b.awaitEnd(runId, WAIT);
      assertThat((Map<String, Object>) done.get("run")).containsEntry("status", "COMPLETED")
          .extractingByKey("owner").isIn("node-b", "node-c");
    } finally {
      if (nodeA != null) {
        nodeA.kill();
      }
    }
  }
}
