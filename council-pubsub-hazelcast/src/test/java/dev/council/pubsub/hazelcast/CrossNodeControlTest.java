package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.MemberResult;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.api.event.RunStarted;
import dev.council.api.event.Topics;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.testkit.EventCapture;
import java.io.File;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two real cluster nodes: node A is a separate JVM ({@link ClusterNodeMain}) that starts the runs; node B
 * is an engine in this JVM. Both are configured only by keys ({@code council.mode=multi-node} and the
 * cluster's {@code council.hazelcast.*}). From B, a run of A is found, inspected, awaited, cancelled and
 * terminated with the outcomes a local handle gives, and B's subscribers see every event in order: of the
 * run's topic, of a relay topic the run was started with, and of the topic of a member's sub-council run.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrossNodeControlTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Map<String, Object> QUESTION = Map.of("question", "Which option?");

  private static TestCluster cluster;
  private static NodeProcess nodeA;
  private static CouncilEngine nodeB;

  @BeforeAll
  static void startNodes() throws Exception {
    cluster = new TestCluster();
    nodeA = NodeProcess.start(nodeConfig(0, "node-a"), new File("target/node-logs/" + cluster.name + "-a.log"));
    nodeB = CouncilEngine.builder().config(CouncilConfig.of(nodeConfig(1, "node-b")))
        .provider("mock", ClusterNodeMain.mock()).build();
  }

  @AfterAll
  static void stopNodes() throws Exception {
    try {
      if (nodeA != null) {
        nodeA.close();
      }
    } finally {
      if (nodeB != null) {
        nodeB.close();
      }
    }
  }

  private static Map<String, String> nodeConfig(int offset, String nodeId) {
    Map<String, String> keys = new LinkedHashMap<>(cluster.keys(offset));
    keys.put("council.mode", "multi-node");
    keys.put("council.node-id", nodeId);
    keys.put("council.reap-after", "4s");
    return keys;
  }

  @Test
  void runOfAnotherNodeIsAwaitedAndItsEventsArriveInOrder() {
    String runId = newRunId();
    EventCapture events = new EventCapture();
    nodeB.subscribeTopic(Topics.run(runId), events);

    nodeA.command("start " + runId + " quick", "started " + runId);
    RunHandle handle = findOnB(runId);
    Result result = handle.await(WAIT);

    Result local = nodeB.run(ClusterNodeMain.council("quick"), QUESTION);
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED).isEqualTo(local.status());
    assertThat(result.runId()).isEqualTo(runId);
    assertThat(result.answer()).isEqualTo(local.answer()).isNotNull();
    assertThat(result.rounds()).isNotEmpty().hasSameSizeAs(local.rounds());
    assertThat(handle.state().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(handle.state().owner()).isEqualTo("node-a");
    assertThat(handle.cancel()).isFalse();

    events.awaitTerminal(WAIT);
    List<CouncilEvent> seen = events.events();
    assertThat(seen).extracting(CouncilEvent::seq)
        .containsExactlyElementsOf(LongStream.range(0, seen.size()).boxed().toList());
    assertThat(seen.get(0)).isInstanceOf(RunStarted.class);
    assertThat(seen.get(seen.size() - 1)).isInstanceOf(RunCompleted.class);
    assertThat(seen).extracting(CouncilEvent::runId).containsOnly(runId);
  }

  @Test
  void relayTopicAndSubRunTopicOfAnotherNodesRunDeliverTheirEventsInOrder() {
    String runId = newRunId();
    String relay = "relay:" + runId;
    EventCapture runEvents = new EventCapture();
    EventCapture relayed = new EventCapture();
    EventCapture subRun = new EventCapture();
    nodeB.subscribeTopic(Topics.run(runId), runEvents);
    nodeB.subscribeTopic(relay, relayed);
    nodeB.subscribeTopic(Topics.subRun(runId, "panel"), subRun);

    nodeA.command("start " + runId + " nested " + relay, "started " + runId);
    Result result = findOnB(runId).await(WAIT);

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(relayed.awaitTerminal(WAIT)).isInstanceOf(RunCompleted.class);
    runEvents.awaitTerminal(WAIT);
    assertContiguousFromZero(relayed.events(), runId);
    assertThat(relayed.events()).extracting(CouncilEvent::seq, CouncilEvent::type).containsExactlyElementsOf(
        runEvents.events().stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.seq(), e.type())).toList());

    MemberCompleted panel = relayed.ofType(MemberCompleted.class).stream()
        .filter(e -> e.result().memberId().equals("panel")).findFirst().orElseThrow();
    assertThat(panel.result().metadata()).containsEntry("subStatus", "COMPLETED");
    String subRunId = (String) panel.result().metadata().get("subRunId");
    assertThat(subRunId).isNotEqualTo(runId);
    assertThat(subRun.awaitTerminal(WAIT)).isInstanceOf(RunCompleted.class);
    List<CouncilEvent> sub = subRun.events();
    assertContiguousFromZero(sub, subRunId);
    assertThat(subRun.ofType(MemberCompleted.class)).extracting(e -> e.result().memberId())
        .containsExactlyInAnyOrder("a", "b", "a", "b", "chair");
    assertThat(((RunCompleted) sub.get(sub.size() - 1)).result().answer()).isEqualTo(panel.result().content());
  }

  /** One run's whole stream: seq 0, 1, 2, ... without gaps or repeats, from RunStarted to RunCompleted. */
  private static void assertContiguousFromZero(List<CouncilEvent> events, String runId) {
    assertThat(events).extracting(CouncilEvent::seq)
        .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
    assertThat(events.get(0)).isInstanceOf(RunStarted.class);
    assertThat(events.get(events.size() - 1)).isInstanceOf(RunCompleted.class);
    assertThat(events).extracting(CouncilEvent::runId).containsOnly(runId);
  }

  @Test
  void runOfAnotherNodeIsCancelledFromThisNodeWithItsPartialResult() {
    String runId = newRunId();
    EventCapture events = new EventCapture();
    nodeB.subscribeTopic(Topics.run(runId), events);
    nodeA.command("start " + runId + " block", "started " + runId);
    RunHandle handle = findOnB(runId);
    assertThat(handle.state().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(nodeB.activeRuns()).extracting(RunSummary::runId).contains(runId);
    events.await(CrossNodeControlTest::memberAnswered, WAIT);

    assertThat(handle.cancel()).isTrue();
    Result result = handle.await(WAIT);

    Result local = cancelledLocally();
    assertThat(result.status()).isEqualTo(RunStatus.CANCELLED).isEqualTo(local.status());
    assertThat(result.errors()).extracting(CouncilError::kind).containsExactlyElementsOf(
        local.errors().stream().map(CouncilError::kind).toList()).contains(ErrorKind.CANCELLED);
    assertThat(result.rounds()).hasSameSizeAs(local.rounds()).hasSize(1);
    assertThat(result.rounds().get(0).members()).extracting(MemberResult::memberId, MemberResult::status)
        .containsExactlyElementsOf(local.rounds().get(0).members().stream()
            .map(m -> org.assertj.core.groups.Tuple.tuple(m.memberId(), m.status())).toList());
    assertThat(events.awaitTerminal(WAIT)).isInstanceOf(RunFailed.class);
    assertThat(handle.cancel()).isFalse();
    assertThat(handle.state().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(nodeB.activeRuns()).extracting(RunSummary::runId).doesNotContain(runId);
  }

  @Test
  void runOfAnotherNodeIsTerminatedFromThisNodeAndBecomesUnknownEverywhere() throws Exception {
    String runId = newRunId();
    EventCapture events = new EventCapture();
    nodeB.subscribeTopic(Topics.run(runId), events);
    nodeA.command("start " + runId + " block", "started " + runId);
    RunHandle handle = findOnB(runId);
    RunHandle waiter = nodeB.find(runId).orElseThrow();
    var pending = waiter.completion();

    handle.terminate();

    assertThatThrownBy(() -> handle.await(WAIT)).isInstanceOf(UnknownRunException.class);
    assertThat(pending).failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(UnknownRunException.class);
    assertThat(nodeB.find(runId)).isEmpty();
    assertThatThrownBy(handle::state).isInstanceOf(UnknownRunException.class);
    assertThatThrownBy(handle::cancel).isInstanceOf(UnknownRunException.class);
    handle.terminate();
    Thread.sleep(300);
    assertThat(events.events()).noneMatch(CouncilEvent::terminal);
  }

  @Test
  void finishedRunOfAnotherNodeIsReapedClusterWideAfterReapAfter() {
    String runId = newRunId();
    nodeA.command("start " + runId + " quick", "started " + runId);
    RunHandle handle = findOnB(runId);
    assertThat(handle.await(WAIT).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(nodeB.find(runId)).isPresent();

    Eventually.until(() -> nodeB.find(runId).isEmpty(), WAIT, "run " + runId + " to be reaped by its owner");
    assertThatThrownBy(handle::state).isInstanceOf(UnknownRunException.class);
  }

  @Test
  void unknownRunIdIsUnknownOnEveryNode() {
    assertThat(nodeB.find("never-started-" + UUID.randomUUID())).isEmpty();
    assertThatThrownBy(() -> nodeB.subscribe("never-started", e -> {})).isInstanceOf(UnknownRunException.class);
  }

  private static Result cancelledLocally() {
    EventCapture events = new EventCapture();
    RunHandle local = nodeB.start(ClusterNodeMain.council("block"), QUESTION,
        RunOptions.builder().listener(events).build());
    events.await(CrossNodeControlTest::memberAnswered, WAIT);
    local.cancel();
    return local.await(WAIT);
  }

  /** Member {@code a} answered: the run has a partial result, and member {@code blocker} still waits. */
  private static boolean memberAnswered(CouncilEvent event) {
    return event instanceof MemberCompleted done && done.result().memberId().equals("a");
  }

  private static RunHandle findOnB(String runId) {
    Eventually.until(() -> nodeB.find(runId).isPresent(), WAIT, "run " + runId + " to be visible on node B");
    Optional<RunHandle> handle = nodeB.find(runId);
    return handle.orElseThrow();
  }

  private static String newRunId() {
    return "cross-" + UUID.randomUUID();
  }
}
