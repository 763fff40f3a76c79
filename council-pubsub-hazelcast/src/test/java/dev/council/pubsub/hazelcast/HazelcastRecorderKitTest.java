package dev.council.pubsub.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.event.CouncilEvent;
import dev.council.testkit.JournalingRecorderKit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The recorder and journal kits against the {@code hazelcast} recorder on one member of a two-member
 * cluster, read back through a recorder on the other member.
 */
class HazelcastRecorderKitTest extends JournalingRecorderKit<HazelcastRecorder> {
  private static HazelcastInstance nodeA;
  private static HazelcastInstance nodeB;
  private static HazelcastRecorder reader;

  @BeforeAll
  static void startCluster() {
    TestCluster cluster = new TestCluster();
    nodeA = cluster.member(0);
    nodeB = cluster.member(1);
    reader = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(nodeB));
  }

  @AfterAll
  static void stopCluster() {
    reader.close();
    nodeB.shutdown();
    nodeA.shutdown();
  }

  @Override
  protected HazelcastRecorder createRecorder() {
    return (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(nodeA));
  }

  @Override
  protected List<CouncilEvent> recordedEvents(HazelcastRecorder recorder, String runId) {
    return reader.events(runId);
  }

  @Override
  protected Optional<String> recordedOutcome(HazelcastRecorder recorder, String runId) {
    return reader.outcome(runId);
  }
}
