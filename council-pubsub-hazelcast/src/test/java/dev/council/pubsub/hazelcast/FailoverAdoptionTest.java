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
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failover with {@code council.failover=adopt} and the {@code hazelcast} recorder: node A, a separate JVM,
 * runs a council until its second round is in flight and is then killed (SIGKILL); of nodes B and C, both
 * in this JVM and both willing to adopt, exactly one adopts the run and completes it from the journal, and
 * {@code await}s begun on B and C before the kill return the result.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FailoverAdoptionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Map<String, String> nodeConfig(TestCluster cluster, int offset, String nodeId) {
    Map<String, String> keys = new LinkedHashMap<>(cluster.keys(offset));
    keys.put("council.mode", "multi-node");
    keys.put("council.node-id", nodeId);
    keys.put("council.recorder", "hazelcast");
    keys.put(CouncilEngine.FAILOVER, "adopt");
    return keys;
  }

  @Test
  void aRunOfAKilledNodeIsAdoptedByTheSurvivorAndCompletedWithoutRepeatingFinishedCalls() throws Exception {
    TestCluster cluster = new TestCluster();
    Path dir = Files.createDirectories(Path.of("target", "failover", cluster.name));
    CallLog calls = new CallLog(dir.resolve("calls.log"));
    Map<String, String> keysA = new LinkedHashMap<>(nodeConfig(cluster, 0, "node-a"));
    keysA.put("test.call-log", dir.resolve("calls.log").toAbsolutePath().toString());
    NodeProcess nodeA = NodeProcess.start(keysA, new File("target/node-logs/" + cluster.name + "-a.log"));
    HazelcastInstance hz = cluster.member(1);
    HazelcastInstance hzC = cluster.member(2);
    HazelcastRecorder reader = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(hz));
    String runId = "adopted-" + cluster.name;
    try (CouncilEngine nodeB = engine(cluster, hz, "node-b", calls);
        CouncilEngine nodeC = engine(cluster, hzC, "node-c", calls)) {
      // until B holds backups of every partition, A's death would lose the entries only A had
      Eventually.until(() -> hz.getCluster().getMembers().size() == 3 && hz.getPartitionService().isClusterSafe(),
          WAIT, "both members hold their partition replicas");
      nodeA.command("start " + runId + " failover", "started " + runId);
      Eventually.until(() -> calls.counts().containsKey("a 1") && calls.counts().containsKey("b 1")
          && reader.journal().find(new CallKey(runId, 0, 0, "a")).isPresent()
          && reader.journal().find(new CallKey(runId, 0, 0, "b")).isPresent()
          && StoredHistory.startedIn(reader, runId, 1, "a", "b"),
          WAIT, "round 1 finished and journaled on node A, round 2 in flight and its start recorded");
      RunHandle handle = nodeB.find(runId).orElseThrow();
      RunHandle onC = nodeC.find(runId).orElseThrow();
      assertThat(handle.state().owner()).isEqualTo("node-a");

      nodeA.kill();
      Result result = handle.await(WAIT);
      Result seenOnC = onC.await(WAIT);

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.runId()).isEqualTo(runId);
      assertThat(result.answer()).isEqualTo("chair in round 2");
      assertThat(result.rounds().get(0).member("a").orElseThrow().content()).isEqualTo("a in round 0");
      assertThat(seenOnC).isEqualTo(result);
      assertThat(calls.counts()).as("calls of A and of the one adopter; round 1's finished calls only once, on A")
          .containsEntry("a 0", 1L).containsEntry("b 0", 1L)
          .containsEntry("a 1", 2L).containsEntry("b 1", 2L).containsEntry("chair 2", 1L);
      assertThat(nodeB.find(runId).orElseThrow().state().owner()).isIn("node-b", "node-c")
          .isEqualTo(nodeC.find(runId).orElseThrow().state().owner());
      Eventually.until(() -> reader.outcome(runId).isPresent(), WAIT, "the adopter recorded the outcome");
      assertThat(reader.outcome(runId)).contains("completed");

      List<CouncilEvent> events = reader.events(runId);
      assertThat(events).extracting(CouncilEvent::seq)
          .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
      assertThat(events).filteredOn(e -> e instanceof RunStarted).hasSize(2);
      assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
    } finally {
      nodeA.kill();
      reader.close();
      hz.getLifecycleService().terminate();
      hzC.getLifecycleService().terminate();
    }
  }

  private static CouncilEngine engine(TestCluster cluster, HazelcastInstance hz, String nodeId, CallLog calls) {
    int offset = nodeId.equals("node-b") ? 1 : 2;
    CouncilConfig config = CouncilConfig.builder().systemProperties(Map.of()).environment(Map.of())
        .setAll(nodeConfig(cluster, offset, nodeId)).share(HazelcastInstance.class, hz).build();
    return CouncilEngine.builder().config(config).provider("mock", calls.provider(false)).build();
  }
}
