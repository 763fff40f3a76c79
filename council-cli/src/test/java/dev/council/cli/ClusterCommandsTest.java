package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.cli.Cli.Outcome;
import dev.council.pubsub.hazelcast.NodeProcess;
import dev.council.pubsub.hazelcast.TestCluster;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands against a real two-node cluster on 127.0.0.1: node A is a separate JVM (the
 * hazelcast module's {@code ClusterNodeMain}, mock provider) that starts runs; the commands run in this
 * JVM, in-process, each connecting to the cluster from here the way {@code ./council} would.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterCommandsTest {
  private static TestCluster cluster;
  private static NodeProcess nodeA;
  private static Path clusterConfig;

  @TempDir
  static Path dir;

  @BeforeAll
  static void startNodeA() throws IOException {
    cluster = new TestCluster();
    Map<String, String> keys = new LinkedHashMap<>(cluster.keys(0));
    keys.put("council.mode", "multi-node");
    keys.put("council.node-id", "node-a");
    nodeA = NodeProcess.start(keys, new File("target/node-logs/" + cluster.name + "-a.log"));
    clusterConfig = properties("cluster.properties", Map.of(
        "council.mode", "multi-node",
        "council.hazelcast.cluster-name", cluster.name,
        "council.hazelcast.members", cluster.keys(0).get("council.hazelcast.members")));
  }

  @AfterAll
  static void stopNodeA() {
    if (nodeA != null) {
      nodeA.close();
    }
  }

  @Test
  void runsListsARunOfAnotherNodeAndTerminateMakesItUnknown() {
    String runId = start("block");

    Outcome table = cli("runs");
    assertThat(table.code()).as(table.toString()).isZero();
    String row = table.out().lines().filter(l -> l.startsWith(runId)).findFirst().orElseThrow(
        () -> new AssertionError("run " + runId + " not listed:\n" + table));
    assertThat(row.split("\\s+")).startsWith(runId, "cluster-block", "node-a", "RUNNING");
    assertThat(table.out().lines().findFirst()).hasValueSatisfying(header ->
        assertThat(header).startsWith("RUN ID").contains("COUNCIL", "OWNER", "STATUS"));
    Outcome json = cli("runs", "--json");
    assertThat(json.code()).as(json.toString()).isZero();
    assertThat(runs(json)).filteredOn(r -> r.get("runId").equals(runId)).singleElement()
        .satisfies(r -> assertThat(r).containsEntry("councilId", "cluster-block").containsEntry("owner", "node-a")
            .containsEntry("status", "RUNNING").containsEntry("roundsCompleted", 0));

    Outcome terminated = cli("terminate", runId);
    assertThat(terminated.code()).as(terminated.toString()).isZero();
    assertThat(terminated.out()).contains("terminated run " + runId + " on node node-a");

    Outcome after = cli("runs", "--json");
    assertThat(runs(after)).extracting(r -> r.get("runId")).doesNotContain(runId);
    for (String command : List.of("terminate", "cancel", "watch")) {
      Outcome unknown = cli(command, runId);
      assertThat(unknown.code()).as(unknown.toString()).isEqualTo(CouncilCli.UNKNOWN_RUN);
      assertThat(unknown.err()).contains("no run '" + runId + "' in the cluster", "council runs");
      assertThat(unknown.out()).isEmpty();
    }
  }

  @Test
  void watchPrintsTheRunsEventsInOrderThenItsResult() {
    String runId = start("slow");

    Outcome watched = cli("watch", runId);

    assertThat(watched.code()).as(watched.toString()).isEqualTo(CouncilCli.OK);
    String out = watched.out();
    assertThat(out).startsWith("watching run " + runId + " of council 'cluster-slow' on node node-a");
    assertInOrder(out, "slow-chair OK in", "run " + runId + " COMPLETED", "FINAL ANSWER", "a considered answer",
        "status COMPLETED | council 'cluster-slow' | run " + runId);
    List<String> timeline = out.lines().takeWhile(l -> !l.startsWith("=====")).toList();
    assertThat(timeline).as("each event printed once").filteredOn(l -> l.contains("slow-chair OK in")).hasSize(1);
    assertThat(timeline).filteredOn(l -> l.contains("COMPLETED")).hasSize(1);
    int started = out.indexOf("round 1 'critique' (critique) started");
    if (started >= 0) {
      assertThat(out.indexOf("round 1 'critique' completed")).isGreaterThan(started);
    }
    assertThat(watched.err()).isEmpty();
  }

  @Test
  void cancelFromAnotherNodeEndsTheRunCancelledWithItsPartialResult() {
    String runId = start("block");

    Outcome cancelled = cli("cancel", runId);

    assertThat(cancelled.code()).as(cancelled.toString()).isEqualTo(CouncilCli.OK);
    assertThat(cancelled.out()).contains("cancelling run " + runId + " on node node-a",
        "run " + runId + " ended CANCELLED");
    Outcome again = cli("cancel", runId);
    assertThat(again.code()).as(again.toString()).isEqualTo(CouncilCli.RUN_FAILED);
    assertThat(again.out()).contains("run " + runId + " had already ended (CANCELLED): nothing to cancel");
    Outcome watched = cli("watch", runId);
    assertThat(watched.code()).as(watched.toString()).isEqualTo(CouncilCli.RUN_FAILED);
    assertThat(watched.out()).contains("(it has already ended)", "RUN CANCELLED", "status CANCELLED",
        "CANCELLED: ");
  }

  @Test
  void runWithAClusterConfigIsANodeWhoseRunOtherNodesListAndCancel() throws Exception {
    String runId = "cli-node-" + UUID.randomUUID();
    CompletableFuture<Outcome> node = runOnNodeB(runId);

    Outcome cancelled = cli("cancel", runId);
    assertThat(cancelled.code()).as(cancelled.toString()).isEqualTo(CouncilCli.OK);
    assertThat(cancelled.out()).contains("cancelling run " + runId + " on node node-b",
        "run " + runId + " ended CANCELLED");
    Outcome nodeOutcome = node.get(60, TimeUnit.SECONDS);
    assertThat(nodeOutcome.code()).as(nodeOutcome.toString()).isEqualTo(CouncilCli.RUN_FAILED);
    assertThat(nodeOutcome.out()).contains("run " + runId + " on cluster node node-b; from any node: council watch "
        + runId, "RUN CANCELLED", "status CANCELLED | council 'advisor' | run " + runId);
  }

  @Test
  void runOfACliNodeTerminatedFromAnotherNodeEndsWithoutAResult() throws Exception {
    String runId = "cli-node-" + UUID.randomUUID();
    CompletableFuture<Outcome> node = runOnNodeB(runId);

    Outcome terminated = cli("terminate", runId);
    assertThat(terminated.code()).as(terminated.toString()).isZero();
    Outcome nodeOutcome = node.get(60, TimeUnit.SECONDS);
    assertThat(nodeOutcome.code()).as(nodeOutcome.toString()).isEqualTo(CouncilCli.RUN_FAILED);
    assertThat(nodeOutcome.err()).contains("run " + runId + " was terminated", "it stopped without a result");
    assertThat(nodeOutcome.out()).doesNotContain("FINAL ANSWER", "RUN CANCELLED");
  }

  /**
   * Starts {@code council run --config node-b.properties} in-process (a cluster member of its own, each
   * simulated answer taking 20 s) and waits until {@code council runs} lists its run, owned by node-b.
   */
  private static CompletableFuture<Outcome> runOnNodeB(String runId) {
    Map<String, String> keys = new LinkedHashMap<>(cluster.keys(1));
    keys.put("council.mode", "multi-node");
    keys.put("council.node-id", "node-b");
    keys.put("council.providers.simulated.latency", "20s");
    Path nodeB = properties("node-b.properties", keys);
    CompletableFuture<Outcome> node = CompletableFuture.supplyAsync(() -> Cli.run("run",
        Cli.example("advisor.json"), "--config", nodeB.toString(), "--offline", "--run-id", runId,
        "--question", "Which option?"));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, Object> listed = null;
    while (listed == null && System.nanoTime() < deadline && !node.isDone()) {
      listed = runs(cli("runs", "--json")).stream().filter(r -> r.get("runId").equals(runId)).findFirst()
          .orElse(null);
    }
    assertThat(listed).as("run %s of node B listed; node B: %s", runId, node.isDone() ? node.join() : "running")
        .isNotNull().containsEntry("owner", "node-b").containsEntry("councilId", "advisor");
    return node;
  }

  @Test
  void clusterCommandsWithoutAClusterSayWhatToConfigure() {
    Path single = properties("single.properties", Map.of("council.defaults.member-timeout", "10s"));
    for (List<String> command : List.of(List.of("runs"), List.of("watch", "r-1"), List.of("cancel", "r-1"),
        List.of("terminate", "r-1"))) {
      Outcome none = Cli.run(command.toArray(String[]::new));
      assertThat(none.code()).as(none.toString()).isEqualTo(CouncilCli.USAGE);
      assertThat(none.err()).contains("error: council " + command.getFirst() + " needs a cluster",
          "no --config given", "council.mode=multi-node", "council.hazelcast.cluster-name",
          "council.hazelcast.members", "docs/clustering.md");
      assertThat(none.out()).isEmpty();
    }
    Outcome withFile = Cli.run("runs", "--config", single.toString());
    assertThat(withFile.code()).as(withFile.toString()).isEqualTo(CouncilCli.USAGE);
    assertThat(withFile.err()).contains("council.mode is not multi-node in " + single);
  }

  @Test
  void helpListsTheClusterCommandsAndTheirExitCodes() {
    Outcome top = Cli.run("--help");
    assertThat(top.code()).isZero();
    assertThat(top.out()).contains("runs", "watch", "cancel", "terminate");
    Outcome watch = Cli.run("watch", "--help");
    assertThat(watch.code()).isZero();
    assertThat(watch.out()).contains("Usage: council watch", "RUN_ID", "--config", "--json", "Exit codes:",
        "0   the run completed", "3   no such run in the cluster");
    Outcome cancel = Cli.run("cancel", "--help");
    assertThat(cancel.out()).contains("1   the run had already ended: nothing to cancel",
        "3   no such run in the cluster");
    assertThat(Cli.run("terminate", "--help").out()).contains("0   the run was terminated");
    assertThat(Cli.run("runs", "--help").out()).contains("--json", "2   bad usage, no cluster configured");
  }

  @Test
  void clusterNobodyRunsIsReportedAsUnreachable() {
    int port = freePort();
    Path nowhere = properties("nowhere.properties", Map.of("council.mode", "multi-node",
        "council.hazelcast.cluster-name", "nobody-" + UUID.randomUUID(),
        "council.hazelcast.members", "127.0.0.1:" + port,
        "council.hazelcast.control-timeout", "1s"));

    Outcome r = Cli.run("runs", "--config", nowhere.toString());

    assertThat(r.code()).as(r.toString()).isEqualTo(CouncilCli.USAGE);
    assertThat(r.err()).contains("cannot reach cluster 'nobody-", "at 127.0.0.1:" + port, "is a node of it running?");
  }

  private static String start(String kind) {
    String runId = kind + "-" + UUID.randomUUID();
    nodeA.command("start " + runId + " " + kind, "started " + runId);
    return runId;
  }

  private static Outcome cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = clusterConfig.toString();
    return Cli.run(all);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> runs(Outcome json) {
    assertThat(json.code()).as(json.toString()).isZero();
    return (List<Map<String, Object>>) dev.council.engine.json.JsonOutput.parse(json.out());
  }

  private static void assertInOrder(String text, String... parts) {
    int at = -1;
    for (String part : parts) {
      int next = text.indexOf(part, at + 1);
      assertThat(next).as("'%s' after position %d in:%n%s", part, at, text).isGreaterThan(at);
      at = next;
    }
  }

  private static Path properties(String name, Map<String, String> keys) {
    return Cli.write(dir, name, keys.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("\n", "", "\n")));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
