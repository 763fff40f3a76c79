package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.RunStarted;
import dev.council.api.spi.CallKey;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Graceful leave: node A, a separate JVM with {@code council.shutdown.drain=1s}, closes its engine while
 * four runs are in their slow second round. After the drain they are stopped as resumable and handed to
 * the other nodes before A's member leaves, so they are resumed at once (not after failure detection):
 * each run's resumed {@code RunStarted} is earlier than A's exit. Node B is itself closing (draining a run
 * of its own) at that moment and takes nothing: every run is carried on by node C, completes exactly once,
 * and no finished call is made twice.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GracefulHandoverTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void closingANodeHandsItsRunsInFlightToANodeThatIsNotClosing() throws Exception {
    TestCluster cluster = new TestCluster();
    Path dir = Files.createDirectories(Path.of("target", "handover", cluster.name));
    CallLog calls = new CallLog(dir.resolve("calls.log"));
    Map<String, String> keysA = new LinkedHashMap<>(nodeConfig(cluster, 0, "node-a"));
    keysA.put("test.call-log", dir.resolve("calls.log").toAbsolutePath().toString());
    keysA.put("test.call-delay", "PT20S");
    keysA.put("council.shutdown.drain", "1s");
    NodeProcess nodeA = NodeProcess.start(keysA, new File("target/node-logs/" + cluster.name + "-a.log"));
    HazelcastInstance hzB = cluster.member(1);
    HazelcastInstance hzC = cluster.member(2);
    HazelcastRecorder reader = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(hzC));
    List<String> runIds = List.of("h1", "h2", "h3", "h4").stream().map(r -> r + "-" + cluster.name).toList();
    CouncilEngine nodeB = engine(cluster, hzB, 1, "node-b", calls.provider(Duration.ofSeconds(3), "node-b"));
    try (CouncilEngine nodeC = engine(cluster, hzC, 2, "node-c", calls.provider(Duration.ZERO, "node-c"))) {
      Eventually.until(() -> hzB.getCluster().getMembers().size() == 3 && hzB.getPartitionService().isClusterSafe(),
          WAIT, "all three members hold their partition replicas");
      for (String runId : runIds) {
        nodeA.command("start " + runId + " failover", "started " + runId);
      }
      for (String runId : runIds) {
        Eventually.until(() -> calls.counts(runId).containsKey("a 1") && calls.counts(runId).containsKey("b 1")
            && reader.journal().find(new CallKey(runId, 0, 0, "a")).isPresent()
            && reader.journal().find(new CallKey(runId, 0, 0, "b")).isPresent(),
            WAIT, "round 1 of " + runId + " finished and journaled on node A, round 2 in flight");
      }
      List<RunHandle> handles = runIds.stream().map(id -> nodeC.find(id).orElseThrow()).toList();
      // B closes while a run of its own is in flight: it drains, and takes no runs meanwhile
      String own = "own-" + cluster.name;
      RunHandle ownRun = nodeB.start(ClusterNodeMain.failover(), Map.of("question", "Which option?"),
          RunOptions.builder().runId(own).build());
      CompletableFuture<Void> closingB = CompletableFuture.runAsync(() -> nodeB.close(Duration.ofSeconds(30)));
      Eventually.until(() -> {
        try {
          nodeB.resume("no-such-run");
          return false; // not reached: an open engine has no record of it either
        } catch (IllegalStateException e) {
          return true; // closing: refuses resumes
        } catch (RuntimeException e) {
          return false; // open: no record of the run
        }
      }, WAIT, "node B is closing");

      nodeA.close(); // quit: close the engine (drain 1 s), then leave
      Instant aLeft = Instant.now();

      for (int i = 0; i < runIds.size(); i++) {
        String runId = runIds.get(i);
        Result result = handles.get(i).await(WAIT);
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.answer()).isEqualTo("chair in round 2 by node-c");
        assertThat(nodeC.find(runId).orElseThrow().state().owner()).isEqualTo("node-c");
        assertThat(calls.counts(runId)).as("calls of %s: round 1 once, on A; round 2 on A (stopped) and C", runId)
            .containsEntry("a 0", 1L).containsEntry("b 0", 1L)
            .containsEntry("a 1", 2L).containsEntry("b 1", 2L).containsEntry("chair 2", 1L);
        Eventually.until(() -> reader.outcome(runId).isPresent(), WAIT, "the outcome of " + runId + " recorded");
        assertThat(reader.outcome(runId)).contains("completed");
        List<CouncilEvent> events = reader.events(runId);
        assertThat(events).extracting(CouncilEvent::seq)
            .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
        List<CouncilEvent> starts = new ArrayList<>(events.stream().filter(e -> e instanceof RunStarted).toList());
        assertThat(starts).hasSize(2);
        assertThat(starts.get(1).timestamp()).as("%s resumed on C before A's member left", runId).isBefore(aLeft);
        assertThat(events).filteredOn(e -> e.type().equals("run_completed")).hasSize(1);
      }
      assertThat(ownRun.await(WAIT).status()).isEqualTo(RunStatus.COMPLETED);
      closingB.get(30, TimeUnit.SECONDS);
    } finally {
      nodeA.kill();
      nodeB.close();
      reader.close();
      hzB.getLifecycleService().terminate();
      hzC.getLifecycleService().terminate();
    }
  }

  private static Map<String, String> nodeConfig(TestCluster cluster, int offset, String nodeId) {
    Map<String, String> keys = new LinkedHashMap<>(cluster.keys(offset));
    keys.put("council.mode", "multi-node");
    keys.put("council.node-id", nodeId);
    keys.put("council.recorder", "hazelcast");
    keys.put(CouncilEngine.FAILOVER, "adopt");
    return keys;
  }

  private static CouncilEngine engine(TestCluster cluster, HazelcastInstance hz, int offset, String nodeId,
      dev.council.engine.provider.MockProvider provider) {
    CouncilConfig config = CouncilConfig.builder().systemProperties(Map.of()).environment(Map.of())
        .setAll(nodeConfig(cluster, offset, nodeId)).share(HazelcastInstance.class, hz).build();
    return CouncilEngine.builder().config(config).provider("mock", provider).build();
  }
}
