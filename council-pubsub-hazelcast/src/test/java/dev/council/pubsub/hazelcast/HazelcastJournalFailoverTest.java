package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.council.api.CouncilException;
import dev.council.api.MemberResult;
import dev.council.api.ResumeRefusedException;
import dev.council.api.RunStatus;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.ResumableRun;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.testkit.RecorderKit;
import dev.council.testkit.TestEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the {@code hazelcast} recorder keeps when a member dies, and how its claim decides ownership. Each
 * test runs its own two-member cluster in this JVM.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HazelcastJournalFailoverTest {

  @Test
  void theJournalAndTheRunSurviveTheLossOfTheMemberThatOwnedTheirPartition() {
    TestCluster cluster = new TestCluster();
    HazelcastInstance a = cluster.member(0);
    HazelcastInstance b = cluster.member(1);
    HazelcastRecorder onA = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(a));
    HazelcastRecorder onB = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(b));
    try {
      String runId = "failover-run";
      RunRecording recording = onA.open(RecorderKit.runInfo(runId));
      recording.onEvent(TestEvents.runStarted(runId));
      List<CallKey> keys = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        CallKey key = new CallKey(runId, 0, 0, "member-" + i);
        onA.journal().record(key, "hash-" + i, TestEvents.memberResult("member-" + i, "answer " + i));
        keys.add(key);
      }

      // what is promised is "one member lost, nothing lost" once every partition has its backup
      // (docs/clustering.md): a member lost while the young cluster still migrates can take entries with it
      Eventually.until(() -> a.getPartitionService().isClusterSafe() && b.getPartitionService().isClusterSafe(),
          java.time.Duration.ofSeconds(60), "both members hold their replicas");
      Member owner = a.getPartitionService().getPartition(HazelcastRecorder.journalKey(keys.get(0))).getOwner();
      HazelcastInstance dying = owner.getUuid().equals(a.getCluster().getLocalMember().getUuid()) ? a : b;
      HazelcastRecorder survivor = dying == a ? onB : onA;
      HazelcastInstance survivorHz = dying == a ? b : a;
      dying.getLifecycleService().terminate();
      Eventually.until(() -> survivorHz.getCluster().getMembers().size() == 1, java.time.Duration.ofSeconds(30),
          "the survivor sees the member gone");

      for (int i = 0; i < keys.size(); i++) {
        MemberResult found = survivor.journal().find(keys.get(i)).orElseThrow(
            () -> new AssertionError("a journal entry was lost with one member"));
        assertThat(found.content()).isEqualTo("answer " + i);
      }
      ResumableRun stored = survivor.resumable(runId).orElseThrow();
      assertThat(stored.finished()).isFalse();
      assertThat(stored.nextSeq()).isEqualTo(1);
      assertThat(stored.info()).isEqualTo(RecorderKit.runInfo(runId));
    } finally {
      onA.close();
      onB.close();
      a.getLifecycleService().terminate();
      b.getLifecycleService().terminate();
    }
  }

  @Test
  void aRunHeldByALiveEngineIsNotClaimedAndOfTwoConcurrentClaimsExactlyOneWins() throws Exception {
    TestCluster cluster = new TestCluster();
    HazelcastInstance a = cluster.member(0);
    HazelcastInstance b = cluster.member(1);
    HazelcastRecorder onA = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(a));
    HazelcastRecorder onB = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(b));
    HazelcastRecorder alsoOnB = (HazelcastRecorder) new HazelcastRecorderFactory().create(TestCluster.sharing(b));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      String runId = "claimed-run";
      RunRecording recording = onA.open(RecorderKit.runInfo(runId));
      recording.onEvent(TestEvents.runStarted(runId));

      assertThatThrownBy(() -> onB.claim(runId, "node-b"))
          .isInstanceOfSatisfying(ResumeRefusedException.class, e -> assertThat(e.reason())
              .isEqualTo(ResumeRefusedException.Reason.OWNED_ELSEWHERE))
          .hasMessageContaining("is being run by node 'local'");

      recording.finish(new RunOutcome.Stopped(RunOutcome.Stopped.ENGINE_STOPPED));
      assertThat(onA.unfinishedRuns("local")).contains(runId);
      List<Callable<String>> claims = List.of(() -> claim(onB, runId, "node-b"), () -> claim(alsoOnB, runId, "node-c"));
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : pool.invokeAll(claims)) {
        outcomes.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(outcomes).containsExactlyInAnyOrder("claimed", "refused");

      recording = onA.open(RecorderKit.runInfo(runId));
      recording.finish(new RunOutcome.Completed(TestEvents.result(runId, RunStatus.COMPLETED)));
      assertThat(onB.resumable(runId).orElseThrow().finished()).isTrue();
      assertThat(onB.unfinishedRuns("local")).doesNotContain(runId);
      assertThatThrownBy(() -> onB.claim(runId, "node-b")).hasMessageContaining("already finished")
          .isInstanceOfSatisfying(ResumeRefusedException.class, e -> assertThat(e.reason())
              .isEqualTo(ResumeRefusedException.Reason.ALREADY_FINISHED));
    } finally {
      pool.shutdownNow();
      alsoOnB.close();
      onB.close();
      onA.close();
      a.getLifecycleService().terminate();
      b.getLifecycleService().terminate();
    }
  }

  private static String claim(HazelcastRecorder recorder, String runId, String node) {
    try {
      recorder.claim(runId, node);
      return "claimed";
    } catch (CouncilException e) {
      return "refused";
    }
  }
}
