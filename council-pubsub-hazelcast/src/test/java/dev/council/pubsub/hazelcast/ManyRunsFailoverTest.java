package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.council.api.event.CouncilEvent;
import dev.council.engine.CouncilEngine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A three-node cluster (three JVMs) runs 300 runs at once, 100 started on each node, with the {@code
 * hazelcast} recorder and {@code council.failover=adopt}; node A is killed (SIGKILL) while its runs are in
 * their second round. Every run completes exactly once (one {@code RunCompleted} in its stored history,
 * contiguous seq), and no member call that was journaled before the kill is made again: a call is made
 * twice only when it belonged to A and was in flight when A died.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ManyRunsFailoverTest {
  private static final int RUNS_PER_NODE = Integer.getInteger("test.runs-per-node", 100);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void everyRunOfAThreeNodeClusterCompletesExactlyOnceWhenANodeIsKilled() throws Exception {
    TestCluster cluster = new TestCluster();
    Path dir = Files.createDirectories(Path.of("target", "many-runs", cluster.name));
    String callLog = dir.resolve("calls.log").toAbsolutePath().toString();
    CallLog calls = new CallLog(dir.resolve("calls.log"));
    List<String> names = List.of("a", "b", "c");
    long begin = System.nanoTime();
    List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Map<String, String> keys = new LinkedHashMap<>(cluster.keys(i));
      keys.put("council.mode", "multi-node");
      keys.put("council.node-id", "node-" + names.get(i));
      keys.put("council.recorder", "hazelcast");
      keys.put(CouncilEngine.FAILOVER, "adopt");
      keys.put("test.call-log", callLog);
      keys.put("test.call-delay", "PT4S");
      File log = new File("target/node-logs/" + cluster.name + "-" + names.get(i) + ".log");
      starting.add(CompletableFuture.supplyAsync(() -> {
        try {
          return NodeProcess.start(keys, log);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }));
    }
    List<NodeProcess> nodes = new ArrayList<>();
    HazelcastInstance client = null;
    HazelcastRecorder reader = null;
    try {
      for (CompletableFuture<NodeProcess> f : starting) {
        nodes.add(f.get(90, TimeUnit.SECONDS));
      }
      long up = System.nanoTime();
      System.out.printf("three nodes up in %d ms%n", (up - begin) / 1_000_000);
      ClientConfig cc = new ClientConfig();
      cc.setClusterName(cluster.name);
      cc.getNetworkConfig().setAddresses(List.of("127.0.0.1:" + cluster.port, "127.0.0.1:" + (cluster.port + 1),
          "127.0.0.1:" + (cluster.port + 2)));
      cc.setProperty("hazelcast.logging.type", "slf4j");
      client = HazelcastClient.newHazelcastClient(cc);
      reader = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(client));
      nodes.get(0).command("safe", "safe 3");

      List<String> runIds = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        nodes.get(i).command("startmany run-" + names.get(i) + " " + RUNS_PER_NODE + " failover",
            "started run-" + names.get(i));
        for (int r = 0; r < RUNS_PER_NODE; r++) {
          runIds.add("run-" + names.get(i) + "-" + r);
        }
      }
      Eventually.until(() -> countRound(calls, "run-a-", 1) >= RUNS_PER_NODE, WAIT,
          "every run of node A in its second round");
      Set<String> journaledBeforeKill = new HashSet<>(client.<String, Object>getMap(HazelcastRecorder.JOURNAL).keySet());

      nodes.get(0).kill();
      long killed = System.nanoTime();
      System.out.printf("killed node A %d ms after the nodes were up%n", (killed - up) / 1_000_000);

      HazelcastRecorder stored = reader;
      try {
        Eventually.until(() -> runIds.stream().allMatch(id -> stored.outcome(id).isPresent()), WAIT,
            "every run recorded an outcome");
      } catch (AssertionError e) {
        List<String> open = runIds.stream().filter(id -> stored.outcome(id).isEmpty()).toList();
        Map<String, RunEntry> entries = client.<String, RunEntry>getMap(HazelcastInstances.RUNS_PREFIX + "default")
            .getAll(new HashSet<>(open.subList(0, Math.min(5, open.size()))));
        throw new AssertionError(open.size() + " runs without an outcome, e.g. " + entries.keySet() + "; statuses "
            + open.stream().limit(5).map(id -> id + "=" + stored.status(id) + " events " + stored.events(id).stream()
                .map(CouncilEvent::type).toList()).toList(), e);
      }
      System.out.printf("every run ended %d ms after the kill%n", (System.nanoTime() - killed) / 1_000_000);
      for (String runId : runIds) {
        assertThat(reader.outcome(runId)).as(runId).contains("completed");
        List<CouncilEvent> events = reader.events(runId);
        assertThat(events).as("seq of %s", runId).extracting(CouncilEvent::seq)
            .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
        assertThat(events).as("RunCompleted of %s", runId).filteredOn(e -> e.type().equals("run_completed"))
            .hasSize(1);
        assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
        long starts = events.stream().filter(e -> e.type().equals("run_started")).count();
        // A's runs that finished before the kill were not resumed
        assertThat(starts).as("RunStarted of %s", runId).isBetween(1L, runId.startsWith("run-a-") ? 2L : 1L);
      }
      Map<String, Long> counts = calls.counts();
      assertThat(counts).hasSize(runIds.size() * 5);
      counts.forEach((call, n) -> {
        String runId = call.substring(call.lastIndexOf(' ') + 1);
        assertThat(n).as("calls of %s", call).isBetween(1L, runId.startsWith("run-a-") ? 2L : 1L);
      });
      for (String key : journaledBeforeKill) {
        // journalKey: <length>:<runId>/<round>/<iteration>/<member>
        int colon = key.indexOf(':');
        int length = Integer.parseInt(key.substring(0, colon));
        String runId = key.substring(colon + 1, colon + 1 + length);
        String[] rest = key.substring(colon + 2 + length).split("/", 3);
        assertThat(counts.get(rest[2] + " " + rest[0] + " " + runId)).as("journaled call %s", key).isEqualTo(1L);
      }
      assertThat(journaledBeforeKill).hasSizeGreaterThanOrEqualTo(2 * RUNS_PER_NODE);
    } finally {
      nodes.forEach(NodeProcess::kill);
      if (reader != null) {
        reader.close();
      }
      if (client != null) {
        client.shutdown();
      }
    }
  }

  private static long countRound(CallLog calls, String runPrefix, int round) {
    return calls.counts().keySet().stream()
        .filter(c -> c.startsWith("a " + round + " " + runPrefix)).count();
  }
}
