package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Round;
import dev.council.api.spi.ReliabilityStore;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.testkit.ReliabilityStoreKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reliability store contract on a two-member cluster: the store under test is on one member, its peer
 * on the other. Also two engines, one per member, sharing learned scores.
 */
class HazelcastReliabilityStoreKitTest extends ReliabilityStoreKit {
  private static HazelcastInstance nodeA;
  private static HazelcastInstance nodeB;

  @BeforeAll
  static void startCluster() {
    TestCluster cluster = new TestCluster();
    nodeA = cluster.member(0);
    nodeB = cluster.member(1);
  }

  @AfterAll
  static void stopCluster() {
    nodeB.shutdown();
    nodeA.shutdown();
  }

  @Override
  protected ReliabilityStore createStore() {
    return new HazelcastReliabilityStoreFactory().create(TestCluster.sharing(nodeA));
  }

  @Override
  protected ReliabilityStore createPeer() {
    return new HazelcastReliabilityStoreFactory().create(TestCluster.sharing(nodeB));
  }

  @Test
  void anOutcomeRecordedByARunOnOneNodeWeighsTheMemberOnTheOther() {
    MockProvider mock = MockProvider.create("mock");
    mock.script("hz-a", MockScript.content("{\"choice\": \"yes\", \"rationale\": null, \"confidence\": 0.9}"));
    mock.script("hz-b", MockScript.content("{\"choice\": \"no\", \"rationale\": null, \"confidence\": 0.2}"));
    mock.script("hz-c", MockScript.content("{\"choice\": \"yes\", \"rationale\": null, \"confidence\": 0.6}"));
    Council jury = Council.builder("jury").member(member("hz-a")).member(member("hz-b")).member(member("hz-c"))
        .round(Round.of("vote", Map.of("choices", List.of("yes", "no"))))
        .option("reliability", Map.of("record", "agreement")).build();

    try (CouncilEngine onA = engine(nodeA, mock); CouncilEngine onB = engine(nodeB, mock)) {
      onA.run(jury, Map.of("question", "Ship it?"));

      assertThat(onB.reliability()).isInstanceOf(HazelcastReliabilityStore.class);
      assertThat(onB.reliability().score("hz-a", Map.of()).getAsDouble()).isCloseTo(2.0 / 3.0, within(1e-12));
      assertThat(onB.reliability().score("hz-b", Map.of()).getAsDouble()).isCloseTo(1.0 / 3.0, within(1e-12));
    }
  }

  private static CouncilEngine engine(HazelcastInstance hz, MockProvider mock) {
    return CouncilEngine.builder().config(dev.council.api.config.CouncilConfig.builder()
            .systemProperties(Map.of("council.reliability.store", "hazelcast")).environment(Map.of())
            .share(HazelcastInstance.class, hz).build())
        .provider("mock", mock).build();
  }

  private static Member member(String id) {
    return Member.builder(id).systemPrompt("You vote.").provider("mock").model("m").build();
  }
}
