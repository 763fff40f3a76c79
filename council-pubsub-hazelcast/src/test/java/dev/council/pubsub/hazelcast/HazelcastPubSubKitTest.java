package dev.council.pubsub.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.Subscription;
import dev.council.testkit.PubSubKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The pubsub kit against two members of one cluster: every event is published through one member's
 * pubsub and received through the other's, so each kit guarantee is checked across nodes.
 */
class HazelcastPubSubKitTest extends PubSubKit {
  private static TestCluster cluster;
  private static HazelcastInstance publisherNode;
  private static HazelcastInstance subscriberNode;

  @BeforeAll
  static void startCluster() {
    cluster = new TestCluster();
    publisherNode = cluster.member(0);
    subscriberNode = cluster.member(1);
  }

  @AfterAll
  static void stopCluster() {
    subscriberNode.shutdown();
    publisherNode.shutdown();
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
