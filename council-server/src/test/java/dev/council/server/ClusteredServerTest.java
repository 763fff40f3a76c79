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
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Two engines in one Hazelcast cluster (members in this JVM, configured only by keys), each with its own
 * server: a run started through node A's API is listed, inspected, streamed, cancelled and terminated
 * through node B's API, and followed and cancelled on node B's web page (headless Chromium).
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
    Files.writeString(dir.resolve("slow.json"), Fixture.PANEL.replace("\"id\": \"panel\"", "\"id\": \"slow\"")
        .replace("\"provider\": \"simulated\"", "\"provider\": \"slow\""));
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
    // the council 'slow' streams a word every 250 ms: a run that is still answering when a page looks at it
    keys.put("council.providers.slow.type", "simulated");
    keys.put("council.providers.slow.chunk-delay", "250ms");
    CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(keys))
        .provider("simulated", SimulatedProvider.create("simulated", Duration.ofMillis(400), Duration.ofMillis(10)))
        .build();
    CouncilServer server = CouncilServer.builder(engine).config(ServerConfig.DEFAULTS.withPort(0)).councils(dir).start();
    return Fixture.of(engine, server, dir);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRunOfNodeAIsListedInspectedAndStreamedOnNodeB() throws Exception {
    for (Fixture node : List.of(nodeA, nodeB)) {
      HttpResponse<String> ready = node.get("/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat((Map<String, Object>) ((Map<String, Object>) Fixture.json(ready).get("checks")).get("registry"))
          .containsEntry("status", "UP");
    }
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

  @Test
  @SuppressWarnings("unchecked")
  void nodeBTerminatesARunOfNodeA() throws Exception {
    String runId = startSlowOnNodeA("Terminate me from the other node");
    try (Sse onA = Sse.open(nodeA, runId, null)) {
      assertThat(onA.next()).isNotNull();
      HttpResponse<String> terminate = nodeB.delete("/v1/runs/" + runId);
      assertThat(terminate.statusCode()).as(terminate.body()).isEqualTo(204);
      // the owner's stream ends without run_failed: terminate stops the run at once, without an event
      Sse.Message m;
      String lastType = null;
      while ((m = onA.next()) != null && !m.event().equals("end")) {
        lastType = (String) m.json().get("type");
      }
      assertThat(m).isNotNull();
      assertThat(m.json()).containsEntry("reason", "terminated");
      assertThat(lastType).isNotIn("run_failed", "run_completed");
    }
    // the id is stale on both nodes afterwards
    for (Fixture node : List.of(nodeA, nodeB)) {
      awaitStatus(node, "/v1/runs/" + runId, 404);
      assertThat(node.get("/v1/runs/" + runId).body()).contains(runId);
    }
    List<Map<String, Object>> active = (List<Map<String, Object>>) Fixture.json(nodeB.get("/v1/runs")).get("active");
    assertThat(active).noneSatisfy(r -> assertThat(r).containsEntry("runId", runId));
  }

  private static String startSlowOnNodeA(String question) {
    HttpResponse<String> started = nodeA.post("/v1/runs", "{\"council\": \"slow\", \"question\": \"" + question
        + "\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return (String) Fixture.json(started).get("runId");
  }

  private static void awaitStatus(Fixture node, String path, int status) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    HttpResponse<String> r;
    while ((r = node.get(path)).statusCode() != status && System.nanoTime() < deadline) {
      Fixture.sleep(50);
    }
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
  }

  @Test
  @SuppressWarnings("unchecked")
  void thePageOfNodeBFollowsARunOfNodeAToItsFinalAnswer() {
    try (Browser b = Browser.open(1280, 1000)) {
      b.driver.get(nodeB.uri("/").toString());
      b.waitUpTo(WAIT).until(d -> !new Select(d.findElement(By.id("council-select"))).getOptions().isEmpty());
      String runId = nodeA.startPanel("Which node shows this run?");
      b.driver.get(nodeB.uri("/#/run/" + runId).toString());

      b.waitUpTo(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("final")));
      Map<String, Object> done = nodeA.awaitEnd(runId, WAIT);
      assertThat((Map<String, Object>) done.get("run")).containsEntry("owner", "node-a");
      String answer = (String) ((Map<String, Object>) done.get("result")).get("answer");
      assertThat(b.driver.findElement(By.id("answer")).getText()).isEqualTo(answer.strip());
      assertThat(b.driver.findElement(By.id("run-status")).getText()).startsWith("COMPLETED");
      for (String member : List.of("ada", "grace", "linus")) {
        assertThat(b.card(0, member).findElement(By.cssSelector(".text")).getText()).startsWith("[simulated]");
        assertThat(b.card(0, member).findElement(By.cssSelector(".facts")).getText()).contains("attempts 1");
      }
      assertThat(b.driver.findElement(By.cssSelector("section.round[data-round='1/0']")).getText())
          .contains("Peer rankings").contains("Winner");
      assertThat(b.card(2, "chair").findElement(By.cssSelector(".text")).getText()).isEqualTo(answer.strip());
      assertThat(b.driver.findElement(By.id("cancel")).isDisplayed()).isFalse();
      b.screenshot("cluster-node-b-run-of-node-a");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCancelButtonOnNodeBsPageCancelsARunOfNodeA() {
    String runId = startSlowOnNodeA("Cancel me from the page of the other node");
    try (Browser b = Browser.open(1280, 1000)) {
      b.driver.get(nodeB.uri("/#/run/" + runId).toString());
      // node A's tokens reach node B's page through the cluster while the members answer
      b.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("section.round[data-round='0/0'] article.card"))
          .stream().anyMatch(c -> c.findElement(By.cssSelector(".badge")).getText().equals("answering")
              && !c.findElement(By.cssSelector(".text")).getText().isBlank()));
      b.screenshot("cluster-node-b-streaming-run-of-node-a");
      b.cancelRunAndAwaitCancelled(WAIT);
      b.screenshot("cluster-node-b-cancelled-run-of-node-a");
    }
    Map<String, Object> done = nodeA.awaitEnd(runId, WAIT);
    assertThat((Map<String, Object>) done.get("run")).containsEntry("status", "CANCELLED")
        .containsEntry("owner", "node-a");
  }
}
