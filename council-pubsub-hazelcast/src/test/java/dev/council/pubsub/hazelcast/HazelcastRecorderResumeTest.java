package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.RunStarted;
import dev.council.api.spi.CallKey;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An engine with {@code council.recorder=hazelcast} resumes a run another engine left unfinished, on a
 * two-member cluster whose first member then dies: finished member calls come from the journal.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HazelcastRecorderResumeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Map<String, Object> QUESTION = Map.of("question", "Should the library open on Sundays?");

  private static CouncilEngine engine(HazelcastInstance hz, String node, MockProvider provider) {
    CouncilConfig config = CouncilConfig.builder().systemProperties(Map.of()).environment(Map.of())
        .set("council.node-id", node).set("council.recorder", "hazelcast")
        .share(HazelcastInstance.class, hz).build();
    return CouncilEngine.builder().config(config).provider("mock", provider).build();
  }

  private static Member member(String id) {
    return Member.builder(id).systemPrompt("You are librarian " + id + ".").provider("mock").model("mock-model")
        .build();
  }

  @Test
  void aRunLeftByAClosedEngineIsResumedOnAnotherMemberWithoutMakingFinishedCallsAgain() {
    TestCluster cluster = new TestCluster();
    HazelcastInstance a = cluster.member(0);
    HazelcastInstance b = cluster.member(1);
    HazelcastRecorder reader = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(b));
    Council council = Council.builder("library-council").member(member("a")).member(member("b"))
        .round("independent_analysis").chair(member("chair")).build();
    String runId = "resumed-" + cluster.name;
    try {
      MockProvider first = MockProvider.create("mock");
      first.script("a", MockScript.content("a answered before the engine stopped"));
      first.script("b", MockScript.blockUntilInterrupted());
      CouncilEngine dying = engine(a, "node-a", first);
      try {
        dying.start(council, QUESTION, RunOptions.builder().runId(runId).build());
        Eventually.until(() -> first.calls("b") == 1
            && reader.journal().find(new CallKey(runId, 0, 0, "a")).isPresent(), WAIT, "a is journaled and b is in flight");
      } finally {
        dying.close();
      }
      assertThat(reader.status(runId)).contains("STOPPED");
      assertThat(reader.unfinishedRuns("node-a")).contains(runId);
      long resumedFrom = reader.resumable(runId).orElseThrow().nextSeq();
      // until b holds the backups of a's partitions, terminating a would lose what only a had
      Eventually.until(() -> b.getPartitionService().isClusterSafe(), WAIT, "both members hold their replicas");
      a.getLifecycleService().terminate();
      Eventually.until(() -> b.getCluster().getMembers().size() == 1, WAIT, "member a is gone");

      MockProvider second = MockProvider.create("mock");
      second.script("b", MockScript.content("b answered after the resume"));
      second.script("chair", MockScript.content("final"));
      Result result;
      try (CouncilEngine survivor = engine(b, "node-b", second)) {
        result = survivor.resume(runId).await(WAIT);
      }

      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.runId()).isEqualTo(runId);
      assertThat(result.answer()).isEqualTo("final");
      assertThat(first.calls("a")).isEqualTo(1);
      assertThat(second.calls("a")).as("a's finished call is taken from the journal").isZero();
      assertThat(second.calls("b")).isEqualTo(1);
      assertThat(result.rounds().get(0).member("a").orElseThrow().content())
          .isEqualTo("a answered before the engine stopped");
      assertThat(reader.outcome(runId)).contains("completed");
      assertThat(reader.resumable(runId).orElseThrow().finished()).isTrue();
      assertThat(reader.unfinishedRuns("node-a")).doesNotContain(runId);
      List<CouncilEvent> events = reader.events(runId);
      assertThat(events).extracting(CouncilEvent::seq)
          .containsExactlyElementsOf(java.util.stream.LongStream.range(0, events.size()).boxed().toList());
      assertThat(events.get((int) resumedFrom)).isInstanceOf(RunStarted.class);
      assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
    } finally {
      reader.close();
      a.getLifecycleService().terminate();
      b.getLifecycleService().terminate();
    }
  }
}
