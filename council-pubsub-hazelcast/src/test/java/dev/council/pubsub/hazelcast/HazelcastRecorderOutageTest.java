package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import dev.council.api.RunStatus;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.testkit.RecorderKit;
import dev.council.testkit.TestEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The recorder over a Hazelcast client whose cluster goes away and comes back: while writes fail, {@code
 * problem()} says so (what Spring Boot's health and {@code council serve}'s readiness report), and the first
 * write that succeeds again clears it. A real member on loopback, stopped and started again on its port.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HazelcastRecorderOutageTest {
  private static final long WAIT_SECONDS = 60;

  private final TestCluster cluster = new TestCluster();
  private final List<HazelcastInstance> members = new ArrayList<>();
  private @Nullable HazelcastInstance client;
  private @Nullable HazelcastRecorder recorder;

  @AfterEach
  void stop() {
    if (recorder != null) {
      recorder.close();
    }
    if (client != null) {
      client.shutdown();
    }
    members.forEach(HazelcastInstance::shutdown);
  }

  @Test
  void failingWritesAreAStandingProblemUntilAWriteSucceedsAgain() throws Exception {
    members.add(cluster.member(0));
    CountDownLatch disconnected = new CountDownLatch(1);
    CountDownLatch reconnected = new CountDownLatch(2); // connected at start, then again
    ClientConfig config = new ClientConfig().setClusterName(cluster.name);
    config.getNetworkConfig().addAddress("127.0.0.1:" + cluster.port);
    config.getConnectionStrategyConfig().setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC)
        .getConnectionRetryConfig().setInitialBackoffMillis(100).setMaxBackoffMillis(500)
        .setClusterConnectTimeoutMillis(-1);
    config.addListenerConfig(new com.hazelcast.config.ListenerConfig(
        (com.hazelcast.core.LifecycleListener) event -> {
          if (event.getState() == LifecycleState.CLIENT_DISCONNECTED) {
            disconnected.countDown();
          } else if (event.getState() == LifecycleState.CLIENT_CONNECTED) {
            reconnected.countDown();
          }
        }));
    client = HazelcastClient.newHazelcastClient(config);
    recorder = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(client));

    RunRecording before = recorder.open(RecorderKit.runInfo("before"));
    TestEvents.numbered("before", 2).forEach(before::onEvent);
    assertThat(recorder.problem()).as("writing").isEmpty();

    members.removeFirst().shutdown();
    assertThat(disconnected.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the client noticed").isTrue();

    before.onEvent(TestEvents.memberStarted("before", 2, "a"));
    recorder.journal().record(new CallKey("before", 0, 0, "a"), "hash-a", TestEvents.memberResult("a", "yes"));
    assertThat(recorder.failedWrites()).isEqualTo(2);
    assertThat(recorder.problem()).as("while the cluster is gone").hasValueSatisfying(p -> assertThat(p)
        .startsWith("writes to Hazelcast have been failing since ")
        .contains("2 dropped so far", "the journal entry of ", "each write tries again"));
    assertThatThrownBy(() -> recorder.open(RecorderKit.runInfo("during")))
        .as("a run cannot start recording either").isInstanceOf(RuntimeException.class);
    assertThat(recorder.problem()).hasValueSatisfying(p -> assertThat(p)
        .contains("2 dropped so far", "the start of run during"));

    members.add(cluster.member(0)); // a new member on the same port: the cluster is back, empty
    assertThat(reconnected.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the client reconnected").isTrue();

    RunRecording after = recorder.open(RecorderKit.runInfo("after"));
    assertThat(recorder.problem()).as("cleared by the first write that succeeded").isEmpty();
    TestEvents.numbered("after", 2).forEach(after::onEvent);
    after.finish(new RunOutcome.Completed(TestEvents.result("after", RunStatus.COMPLETED)));
    assertThat(recorder.problem()).isEmpty();
    assertThat(recorder.failedWrites()).as("nothing failed after the cluster came back").isEqualTo(2);
    assertThat(recorder.resumable("after")).hasValueSatisfying(r -> assertThat(r.finished()).isTrue());
    assertThat(recorder.events("after")).hasSize(2);
  }
}
