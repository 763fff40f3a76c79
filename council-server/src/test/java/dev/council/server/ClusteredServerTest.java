package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.SimulatedProvider;
import dev.council.pubsub.hazelcast.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two engines in one Hazelcast cluster (members in this JVM, configured only by keys), each with its own
 * server: a run started through node A's API is listed, inspected, streamed and cancelled through node B's.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusteredServerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestCluster cluster;
  private static Fixture nodeA;
  private static Fixture nodeB;

  @BeforeAll
  static void startNodes() throws IOException {
    cluster = new TestCluster();
    Path dir = Files.createTempDirectory("council-cluster");
    Files.writeString(dir.resolve("panel.json"), Fixture.PANEL);
    nodeA = node(0, "node-a", dir);
    nodeB = node(1, "node-b", dir);
  }

  @AfterAll
  static void stopNodes() {
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  private static Fixture node(int offset, String nodeId, Path dir) {
    Map<String, String> keys = new LinkedHashMap<>(cluster.keys(offset));
    keys.put("council.mode", "multi-node");
    keys.put("council.node-id", nodeId);
    keys.put("council.reap-after", "1m");
    CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(keys))
        .provider("simulated", SimulatedProvider.create("simulated", Duration.ofMillis(400), Duration.ofMillis(10)))
        .build();
    CouncilServer server = CouncilServer.builder(engine).config(ServerConfig.DEFAULTS.withPort(0)).councils(dir).start();
    return Fixture.of(engine, server, dir);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRunOfNodeAIsListedInspectedAndStreamedOnNodeB() throws Exception {
    String runId = nodeA.startPanel("Which node answers?");
    List<Map<String, Object>> active = (List<Map<String, Object>>) Fixture.json(nodeB.get("/v1/runs")).get("active");
    assertThat(active).anySatisfy(r -> assertThat(r).containsEntry("runId", runId).containsEntry("owner", "node-a"));
    Map<String, Object> state = Fixture.json(nodeB.get("/v1/runs/" + runId));
    assertThat((Map<String, Object>) state.get("run")).containsEntry("owner", "node-a");

    List<Long> seqs = new ArrayList<>();
    String last = null;
    try (Sse sse = Sse.open(nodeB, runId, null)) {
      assertThat(sse.response.statusCode()).isEqualTo(200);
      Sse.Message m;
      while ((m = sse.next()) != null && !m.event().equals("end")) {
        seqs.add(m.seq());
        last = (String) m.json().get("type");
      }
    }
    assertThat(seqs).isNotEmpty().isSorted().doesNotHaveDuplicates();
    assertThat(last).isEqualTo("run_completed");
    Map<String, Object> done = nodeB.awaitEnd(runId, WAIT);
    assertThat((Map<String, Object>) done.get("result")).containsEntry("status", "COMPLETED");
  }

  @Test
  @SuppressWarnings("unchecked")
  void nodeBCancelsARunOfNodeA() {
    String runId = nodeA.startPanel("Cancel me from the other node");
    HttpResponse<String> cancel = nodeB.post("/v1/runs/" + runId + "/cancel", "");
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
    Map<String, Object> done = nodeA.awaitEnd(runId, WAIT);
    assertThat((Map<String, Object>) done.get("run")).containsEntry("status", "CANCELLED");
  }
}
