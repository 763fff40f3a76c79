package dev.council.pubsub.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.RunSummary;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunRegistry;
import dev.council.testkit.RunRegistryKit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The registry kit against two members of one cluster: runs are registered alternately on either node,
 * looked up on one and listed on the other, so most lookups, state reads and cancels cross nodes and
 * duplicate ids race across nodes. A third member runs in a JVM of its own and owns a share of the
 * partitions, so some runs' registry entries live in another process.
 */
class HazelcastRunRegistryKitTest extends RunRegistryKit {
  private static TestCluster cluster;
  private static HazelcastInstance nodeA;
  private static HazelcastInstance nodeB;

  private static NodeProcess otherJvm;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = new TestCluster();
    nodeA = cluster.member(0);
    nodeB = cluster.member(1);
    otherJvm = cluster.memberInItsOwnJvm(2);
  }

  @AfterAll
  static void stopCluster() {
    try {
      otherJvm.close();
    } finally {
      nodeB.shutdown();
      nodeA.shutdown();
    }
  }

  @Override
  protected RunRegistry createRegistry(String registryName) {
    return new AcrossNodes(new HazelcastRunRegistryFactory().create(registryName, TestCluster.sharing(nodeA)),
        new HazelcastRunRegistryFactory().create(registryName, TestCluster.sharing(nodeB)));
  }

  /** Registers on alternate nodes (unregisters on both: only the owner acts), finds on B, lists on A. */
  private static final class AcrossNodes implements RunRegistry {
    private final RunRegistry a;
    private final RunRegistry b;
    private final AtomicInteger registrations = new AtomicInteger();

    AcrossNodes(RunRegistry a, RunRegistry b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void register(RunControl run) {
      (registrations.getAndIncrement() % 2 == 0 ? a : b).register(run);
    }

    @Override
    public Optional<RunControl> find(String runId) {
      return b.find(runId);
    }

    @Override
    public void unregister(String runId) {
      a.unregister(runId);
      b.unregister(runId);
    }

    @Override
    public List<RunSummary> active() {
      return a.active();
    }

    @Override
    public void close() {
      a.close();
      b.close();
    }
  }
}
