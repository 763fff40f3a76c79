package dev.council.pubsub.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.Subscription;
import dev.council.testkit.PubSubKit;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The pubsub kit against two members of one cluster: every event is published through one member's
 * pubsub and received through the other's, so each kit guarantee is checked across nodes. A third member
 * runs in a JVM of its own and owns a share of the partitions, so some topics' ring buffers live in another
 * process.
 */
class HazelcastPubSubKitTest extends PubSubKit {
  private static TestCluster cluster;
  private static HazelcastInstance publisherNode;
  private static HazelcastInstance subscriberNode;

  private static NodeProcess otherJvm;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = new TestCluster();
    publisherNode = cluster.member(0);
    subscriberNode = cluster.member(1);
    otherJvm = cluster.memberInItsOwnJvm(2);
  }

  @AfterAll
  static void stopCluster() {
    try {
      otherJvm.close();
    } finally {
      subscriberNode.shutdown();
      publisherNode.shutdown();
    }
  }

  @Override
  protected PubSub createPubSub() {
    return new AcrossNodes(new HazelcastPubSubFactory().create(TestCluster.sharing(publisherNode)),
        new HazelcastPubSubFactory().create(TestCluster.sharing(subscriberNode)));
  }

  /** Publishes on one node, subscribes on the other. */
  private record AcrossNodes(PubSub publisher, PubSub subscriber) implements PubSub {
    @Override
    public Subscription subscribe(String topic, CouncilListener listener) {
      return subscriber.subscribe(topic, listener);
    }

    @Override
    public void publish(String topic, CouncilEvent event) {
      publisher.publish(topic, event);
    }

    @Override
    public void close() {
      publisher.close();
      subscriber.close();
    }
  }
}
