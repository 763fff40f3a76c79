package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.RunStarted;
import dev.council.api.spi.CallKey;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Fencing: node A, a separate JVM, runs a council whose second-round calls take a few seconds; A is
 * paused (SIGSTOP) while they are in flight until the cluster removes it, node B or C adopts the run and
 * completes it, then A is resumed (SIGCONT). A's calls then return, but A has lost the run: it makes no
 * further call, and nothing it would write reaches the cluster (the stored history is the adopter's:
 * contiguous seq, one {@code RunCompleted}, the adopter's journal entries and outcome).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FencingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aPausedOwnerThatComesBackAfterItsRunWasAdoptedWritesNothingAndStopsItsCopy() throws Exception {
    TestCluster cluster = new TestCluster();
    Path dir = Files.createDirectories(Path.of("target", "fencing", cluster.name));
    CallLog calls = new CallLog(dir.resolve("calls.log"));
    Map<String, String> keysA = new LinkedHashMap<>(nodeConfig(cluster, 0, "node-a"));
    keysA.put("test.call-log", dir.resolve("calls.log").toAbsolutePath().toString());
    keysA.put("test.call-delay", "PT4S");
    File logA = new File("target/node-logs/" + cluster.name + "-a.log");
    NodeProcess nodeA = NodeProcess.start(keysA, logA);
    HazelcastInstance hzB = cluster.member(1);
    HazelcastInstance hzC = cluster.member(2);
    HazelcastRecorder reader = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(hzB));
    String runId = "fenced-" + cluster.name;
    try (CouncilEngine nodeB = engine(cluster, hzB, 1, "node-b", calls);
        CouncilEngine nodeC = engine(cluster, hzC, 2, "node-c", calls)) {
      Eventually.until(() -> hzB.getCluster().getMembers().size() == 3 && hzB.getPartitionService().isClusterSafe(),
          WAIT, "all three members hold their partition replicas");
      nodeA.command("start " + runId + " failover", "started " + runId);
      Eventually.until(() -> calls.counts(runId).containsKey("a 1") && calls.counts(runId).containsKey("b 1")
          && reader.journal().find(new CallKey(runId, 0, 0, "a")).isPresent()
          && reader.journal().find(new CallKey(runId, 0, 0, "b")).isPresent()
          && StoredHistory.startedIn(reader, runId, 1, "a", "b"),
          WAIT, "round 1 finished and journaled on node A, round 2 in flight and its start recorded");
      RunHandle handle = nodeB.find(runId).orElseThrow();

      nodeA.signal("STOP");
      Result result = handle.await(WAIT);
      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      String adopter = nodeB.find(runId).orElseThrow().state().owner();
      assertThat(adopter).isIn("node-b", "node-c");
      assertThat(result.answer()).isEqualTo("chair in round 2 by " + adopter);
      Eventually.until(() -> reader.outcome(runId).isPresent(), WAIT, "the adopter recorded the outcome");
      List<CouncilEvent> before = reader.events(runId);

      nodeA.signal("CONT");
      // A's four-second calls are long over: they return at once, and A learns it lost the run
      Eventually.until(() -> log(logA).contains("run " + runId + " is no longer this node's"), WAIT,
          "node A noticed that its run was adopted");
      Thread.sleep(2_000); // anything A still wrote would have landed by now

      assertThat(reader.outcome(runId)).contains("completed");
      List<CouncilEvent> events = reader.events(runId);
      assertThat(events).as("the stored history did not change after A came back").isEqualTo(before);
      assertThat(events).extracting(CouncilEvent::seq)
          .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
      assertThat(events).as("A's start and the adopter's, in %s", events.stream()
              .map(e -> e.seq() + ":" + e.type() + (e instanceof RunStarted r ? "(attempt " + r.attempt() + ")" : ""))
              .toList())
          .filteredOn(e -> e instanceof RunStarted).hasSize(2);
      assertThat(events).filteredOn(e -> e.type().equals("run_completed")).hasSize(1);
      assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
      for (String member : List.of("a", "b")) {
        MemberResult journaled = reader.journal().find(new CallKey(runId, 1, 0, member)).orElseThrow();
        assertThat(journaled.content()).as("round 2 call of %s in the journal", member)
            .isEqualTo(member + " in round 1 by " + adopter);
      }
      assertThat(calls.counts(runId)).as("A made no call after it came back: the chair was called once, by the adopter")
          .containsEntry("a 0", 1L).containsEntry("b 0", 1L)
          .containsEntry("a 1", 2L).containsEntry("b 1", 2L).containsEntry("chair 2", 1L);
      // control calls still go to the adopter
      assertThat(nodeC.find(runId).orElseThrow().state().status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(nodeC.find(runId).orElseThrow().await(WAIT)).isEqualTo(result);
    } finally {
      nodeA.signal("CONT");
      nodeA.kill();
      reader.close();
      hzB.getLifecycleService().terminate();
      hzC.getLifecycleService().terminate();
    }
  }

  /**
   * A pause the cluster does not notice (longer than the pause watchdog's threshold, shorter than the other
   * members' failure detection): the owner holds its writes until it knows, then goes on; the run is not
   * adopted and completes on the owner, every call made once.
   */
  @Test
  void aPauseTheClusterDidNotNoticeKeepsTheRunOnItsOwner() throws Exception {
    TestCluster cluster = new TestCluster();
    Path dir = Files.createDirectories(Path.of("target", "fencing", cluster.name));
    CallLog calls = new CallLog(dir.resolve("calls.log"));
    Map<String, String> keysA = new LinkedHashMap<>(nodeConfig(cluster, 0, "node-a"));
    keysA.put("test.call-log", dir.resolve("calls.log").toAbsolutePath().toString());
    keysA.put("test.call-delay", "PT6S");
    File logA = new File("target/node-logs/" + cluster.name + "-a.log");
    NodeProcess nodeA = NodeProcess.start(keysA, logA);
    // B and C wait 10 s for a heartbeat: A's 4.5 s pause goes unnoticed by them, not by A's watchdog (3 s)
    HazelcastInstance hzB = patientMember(cluster, 1);
    HazelcastInstance hzC = patientMember(cluster, 2);
    HazelcastRecorder reader = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(hzB));
    String runId = "paused-" + cluster.name;
    try (CouncilEngine nodeB = engine(cluster, hzB, 1, "node-b", calls);
        CouncilEngine nodeC = engine(cluster, hzC, 2, "node-c", calls)) {
      Eventually.until(() -> hzB.getCluster().getMembers().size() == 3 && hzB.getPartitionService().isClusterSafe(),
          WAIT, "all three members hold their partition replicas");
      nodeA.command("start " + runId + " failover", "started " + runId);
      Eventually.until(() -> calls.counts(runId).containsKey("a 1") && calls.counts(runId).containsKey("b 1"),
          WAIT, "round 2 in flight on node A");
      RunHandle handle = nodeB.find(runId).orElseThrow();

      nodeA.signal("STOP");
      Thread.sleep(4_500);
      nodeA.signal("CONT");
      Result result = handle.await(WAIT);

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.answer()).isEqualTo("chair in round 2 by node-a");
      assertThat(nodeB.find(runId).orElseThrow().state().owner()).isEqualTo("node-a");
      assertThat(nodeC.find(runId).orElseThrow().await(WAIT)).isEqualTo(result);
      assertThat(log(logA)).contains("this node did not run for").doesNotContain("is no longer this node's");
      assertThat(calls.counts(runId)).containsEntry("a 0", 1L).containsEntry("b 0", 1L)
          .containsEntry("a 1", 1L).containsEntry("b 1", 1L).containsEntry("chair 2", 1L);
      Eventually.until(() -> reader.outcome(runId).isPresent(), WAIT, "A recorded the outcome");
      List<CouncilEvent> events = reader.events(runId);
      assertThat(events).extracting(CouncilEvent::seq)
          .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
      assertThat(events).filteredOn(e -> e instanceof RunStarted).hasSize(1);
    } finally {
      nodeA.signal("CONT");
      nodeA.kill();
      reader.close();
      hzB.getLifecycleService().terminate();
      hzC.getLifecycleService().terminate();
    }
  }

  private static HazelcastInstance patientMember(TestCluster cluster, int offset) {
    Map<String, String> keys = new LinkedHashMap<>(cluster.keys(offset));
    keys.put(HazelcastSettings.MAX_NO_HEARTBEAT, "10s");
    return com.hazelcast.core.Hazelcast.newHazelcastInstance(
        HazelcastInstances.memberConfig(HazelcastSettings.from(CouncilConfig.of(keys))));
  }

  private static String log(File file) {
    try {
      return file.exists() ? Files.readString(file.toPath(), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
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
      CallLog calls) {
    CouncilConfig config = CouncilConfig.builder().systemProperties(Map.of()).environment(Map.of())
        .setAll(nodeConfig(cluster, offset, nodeId)).share(HazelcastInstance.class, hz).build();
    return CouncilEngine.builder().config(config).provider("mock", calls.provider(Duration.ZERO, nodeId)).build();
  }
}
