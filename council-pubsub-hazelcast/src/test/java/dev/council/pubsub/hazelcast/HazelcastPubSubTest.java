package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.EventGap;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.RunRegistry;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.testkit.EventCapture;
import dev.council.testkit.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behaviour beyond the kits, on one member in this JVM: gap signals, instance sharing, and a node that
 * joins as a Hazelcast client.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HazelcastPubSubTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static TestCluster cluster;
  private static HazelcastInstance member;

  @BeforeAll
  static void startMember() {
    cluster = new TestCluster();
    member = cluster.member(0);
  }

  @AfterAll
  static void stopMember() {
    member.shutdown();
  }

  @Test
  void aListenerThatFallsBehindItsBufferGetsAGapInPlaceOfTheEventsItMissed() throws Exception {
    CouncilConfig config = TestCluster.sharing(member).with(Map.of(HazelcastSettings.SUBSCRIBER_BUFFER, "10"));
    String topic = "council:run:gap-" + UUID.randomUUID();
    List<Object> received = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch release = new CountDownLatch(1);
    EventCapture marker = new EventCapture();
    String markerTopic = sameStripe(topic);
    try (PubSub pubSub = new HazelcastPubSubFactory().create(config)) {
      pubSub.subscribe(topic, new CouncilListener() {
        @Override
        public void onEvent(CouncilEvent event) {
          received.add(event.seq());
          awaitQuietly(release);
        }

        @Override
        public void onGap(EventGap gap) {
          received.add(gap);
        }
      });
      pubSub.subscribe(markerTopic, marker);
      List<CouncilEvent> sent = TestEvents.numbered("r1", 50);
      // the listener holds seq 0 before the rest arrive, so exactly seqs 1-10 fit in the buffer
      pubSub.publish(topic, sent.get(0));
      Eventually.until(() -> received.size() == 1, WAIT, "the slow listener to block on the first event");
      sent.subList(1, sent.size()).forEach(e -> pubSub.publish(topic, e));
      // one reader per stripe dispatches in ring order: once the marker arrives, all 50 were offered
      pubSub.publish(markerTopic, TestEvents.runStarted("marker"));
      marker.awaitCount(1, WAIT);

      release.countDown();
      Eventually.until(() -> received.size() == 12, WAIT, "the slow listener to drain its buffer and the gap");
      pubSub.publish(topic, TestEvents.numbered("r1", 51).get(50));
      Eventually.until(() -> received.size() == 13, WAIT, "the event published after the gap");
    }

    // seq 0 was being delivered, seqs 1-10 filled the buffer, 11-49 were dropped, then delivery goes on
    assertThat(received.subList(0, 11)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(received.get(11)).isInstanceOfSatisfying(EventGap.class, gap -> {
      assertThat(gap.topic()).isEqualTo(topic);
      assertThat(gap.missed()).isEqualTo(39);
      assertThat(gap.reason()).contains(HazelcastSettings.SUBSCRIBER_BUFFER);
    });
    assertThat(received.get(12)).isEqualTo(50L);
  }

  @Test
  void pluginsOfOneJvmShareOneStartedMemberAndShutItDownWithTheLastOne() {
    TestCluster own = new TestCluster();
    CouncilConfig config = CouncilConfig.of(own.keys(0));
    int before = Hazelcast.getAllHazelcastInstances().size();

    PubSub pubSub = new HazelcastPubSubFactory().create(config);
    RunRegistry registry = new HazelcastRunRegistryFactory().create("default", config);
    assertThat(Hazelcast.getAllHazelcastInstances()).hasSize(before + 1);
    HazelcastInstance started = Hazelcast.getAllHazelcastInstances().stream()
        .filter(hz -> hz.getConfig().getClusterName().equals(own.name)).findFirst().orElseThrow();
    assertThat(started.getConfig().getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(started.getConfig().getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(started.getConfig().getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");

    pubSub.close();
    assertThat(started.getLifecycleService().isRunning()).isTrue();
    registry.close();
    assertThat(started.getLifecycleService().isRunning()).isFalse();
  }

  @Test
  void anInstanceTheApplicationSharedIsNeverShutDown() {
    PubSub pubSub = new HazelcastPubSubFactory().create(TestCluster.sharing(member));
    RunRegistry registry = new HazelcastRunRegistryFactory().create("default", TestCluster.sharing(member));

    pubSub.close();
    registry.close();

    assertThat(member.getLifecycleService().isRunning()).isTrue();
  }

  @Test
  void aRunOfANodeJoinedAsClientIsControlledFromAMember() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("council.mode", "multi-node");
    keys.put(HazelcastSettings.CLUSTER_NAME, cluster.name);
    keys.put(HazelcastSettings.CLIENT, "true");
    keys.put(HazelcastSettings.ADDRESSES, "127.0.0.1:" + cluster.port);
    try (CouncilEngine clientNode = CouncilEngine.builder().config(CouncilConfig.of(keys))
            .provider("mock", ClusterNodeMain.mock()).build();
        RunRegistry onMember = new HazelcastRunRegistryFactory().create("default", TestCluster.sharing(member))) {
      assertThat(com.hazelcast.client.HazelcastClient.getAllHazelcastClients())
          .anyMatch(c -> c.getConfig().getClusterName().equals(cluster.name));
      RunHandle run = clientNode.start(ClusterNodeMain.council("block"), Map.of("question", "Which option?"),
          RunOptions.DEFAULTS);

      Eventually.until(() -> onMember.find(run.runId()).isPresent(), WAIT, "the client's run to be visible");
      var remote = onMember.find(run.runId()).orElseThrow();
      assertThat(remote.state().status()).isEqualTo(RunStatus.RUNNING);
      assertThat(remote.cancel()).isTrue();

      assertThat(run.await(WAIT).status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(remote.completion()).succeedsWithin(WAIT).extracting(r -> r.status()).isEqualTo(RunStatus.CANCELLED);
    }
  }

  /** A topic carried by the same event stripe as {@code topic} (default stripe count). */
  private static String sameStripe(String topic) {
    int stripes = HazelcastSettings.DEFAULT_STRIPES;
    for (int i = 0; ; i++) {
      String candidate = topic + ":marker-" + i;
      if (Math.floorMod(candidate.hashCode(), stripes) == Math.floorMod(topic.hashCode(), stripes)) {
        return candidate;
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
