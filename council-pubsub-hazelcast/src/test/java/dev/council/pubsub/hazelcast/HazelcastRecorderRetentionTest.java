package dev.council.pubsub.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.ResumeRefusedException;
import dev.council.api.RunStatus;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.testkit.RecorderKit;
import dev.council.testkit.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code council.recorder.hazelcast.retention}: a finished run's entries leave every recorder map about
 * the retention after it finished, on a two-member cluster, while unfinished runs stay resumable.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HazelcastRecorderRetentionTest {
  private static final String RETENTION = "2s";
  /** Hazelcast drops expired entries at once when read, else in a background sweep (about 25 s here). */
  private static final Duration EXPIRY_WAIT = Duration.ofSeconds(90);
  private static final List<String> MAPS = List.of(HazelcastRecorder.RUNS, HazelcastRecorder.SEQS,
      HazelcastRecorder.EVENTS, HazelcastRecorder.JOURNAL, HazelcastRecorder.OWNERS);

  private @Nullable HazelcastInstance nodeA;
  private @Nullable HazelcastInstance nodeB;
  private final List<HazelcastRecorder> recorders = new ArrayList<>();

  /** Starts this test's own two-member cluster (the settings tests need none). */
  private void startCluster() {
    TestCluster cluster = new TestCluster();
    nodeA = cluster.member(0);
    nodeB = cluster.member(1);
  }

  @AfterEach
  void stopCluster() {
    recorders.forEach(HazelcastRecorder::close);
    if (nodeA != null) {
      nodeB.shutdown();
      nodeA.shutdown();
    }
  }

  @Test
  void aFinishedRunsInfoEventsAndJournalLeaveEveryMapAfterTheRetention() {
    startCluster();
    HazelcastRecorder recorder = recorder(nodeA, RETENTION);
    HazelcastRecorder reader = recorder(nodeB, null);
    Map<String, RunOutcome> outcomes = new LinkedHashMap<>();
    outcomes.put("completed", new RunOutcome.Completed(TestEvents.result("completed", RunStatus.COMPLETED)));
    outcomes.put("failed", new RunOutcome.Failed(TestEvents.result("failed", RunStatus.FAILED)));
    outcomes.put("cancelled", new RunOutcome.Cancelled(TestEvents.result("cancelled", RunStatus.CANCELLED)));
    outcomes.put("terminated", new RunOutcome.Stopped(RunOutcome.Stopped.TERMINATED));

    outcomes.forEach((runId, outcome) -> record(recorder, runId, outcome));

    for (String runId : outcomes.keySet()) {
      assertThat(reader.resumable(runId)).as(runId).hasValueSatisfying(r -> assertThat(r.finished()).isTrue());
      assertThat(reader.events(runId)).as(runId).hasSize(4);
      assertThat(nodeB.getMap(HazelcastRecorder.RUNS).getEntryView(runId).getTtl()).as(runId).isEqualTo(2_000);
      assertThat(nodeB.getMap(HazelcastRecorder.SEQS).getEntryView(runId).getTtl()).as(runId).isEqualTo(2_000);
      assertThat(nodeB.getMap(HazelcastRecorder.EVENTS).getEntryView(runId + "#3").getTtl()).as(runId)
          .isEqualTo(2_000);
      assertThat(nodeB.getMap(HazelcastRecorder.JOURNAL)
          .getEntryView(HazelcastRecorder.journalKey(new CallKey(runId, 0, 0, "b"))).getTtl()).as(runId)
          .isEqualTo(2_000);
      assertThat(nodeB.getMultiMap(HazelcastRecorder.CALLS).containsKey(runId)).as(runId).isFalse();
    }
    assertThat(recorder.failedWrites()).isZero();

    // the members' background sweep frees the entries even when nobody reads them again
    Eventually.until(() -> MAPS.stream().allMatch(name -> storedEntries(name) == 0), EXPIRY_WAIT,
        "every recorder map to be empty, " + RETENTION + " after the runs finished");

    for (String runId : outcomes.keySet()) {
      assertThat(reader.resumable(runId)).as(runId).isEmpty();
      assertThat(reader.status(runId)).as(runId).isEmpty();
      assertThat(reader.events(runId)).as(runId).isEmpty();
      assertThat(reader.journal().find(new CallKey(runId, 0, 0, "a"))).as(runId).isEmpty();
      assertThatThrownBy(() -> reader.claim(runId, "node-b"))
          .isInstanceOfSatisfying(ResumeRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(ResumeRefusedException.Reason.NOT_RECORDED))
          .hasMessageContaining("has no record of it")
          .hasMessageContaining("council.recorder.hazelcast.retention");
    }
    assertThat(nodeB.getMultiMap(HazelcastRecorder.CALLS).size()).isZero();
  }

  @Test
  void unfinishedRunsOutliveTheRetentionAndStayResumable() {
    startCluster();
    HazelcastRecorder recorder = recorder(nodeA, RETENTION);
    HazelcastRecorder keeper = recorder(nodeA, "forever");
    RunRecording running = recorder.open(RecorderKit.runInfo("running"));
    recordEventsAndCalls(recorder, running, "running");
    record(recorder, "stopped", new RunOutcome.Stopped(RunOutcome.Stopped.ENGINE_STOPPED));
    RunRecording stuck = recorder.open(RecorderKit.runInfo("stuck"));
    recordEventsAndCalls(recorder, stuck, "stuck");
    recorder.markStuck("stuck");
    record(keeper, "kept", new RunOutcome.Completed(TestEvents.result("kept", RunStatus.COMPLETED)));
    // finished last: once it is gone, the retention has passed for every run above
    record(recorder, "witness", new RunOutcome.Completed(TestEvents.result("witness", RunStatus.COMPLETED)));

    Eventually.until(() -> storedEntries(HazelcastRecorder.RUNS) == 4 && storedEntries(HazelcastRecorder.EVENTS) == 16,
        EXPIRY_WAIT, "the finished run 'witness' to expire");

    HazelcastRecorder reader = recorder(nodeB, null);
    for (String runId : List.of("running", "stopped", "stuck")) {
      assertThat(reader.resumable(runId)).as(runId).hasValueSatisfying(r -> {
        assertThat(r.finished()).isFalse();
        assertThat(r.nextSeq()).isEqualTo(4);
      });
      assertThat(reader.events(runId)).as(runId).extracting(CouncilEvent::seq).containsExactly(0L, 1L, 2L, 3L);
      assertThat(reader.journal().find(new CallKey(runId, 0, 0, "a"))).as(runId).isPresent();
      assertThat(reader.unfinishedRuns("local")).contains(runId);
    }
    assertThat(reader.status("kept")).contains("COMPLETED");
    assertThat(reader.events("kept")).hasSize(4);
    assertThat(reader.journal().find(new CallKey("kept", 0, 0, "b"))).isPresent();
    assertThat(reader.resumable("witness")).isEmpty();

    recorder.close(); // releases 'running', as an engine's close does
    for (String runId : List.of("running", "stopped", "stuck")) {
      reader.claim(runId, "node-b");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "0", "-5s", "500ms", "366d"})
  void aRetentionThatIsNotADurationInRangeFailsNamingTheKey(String value) {
    CouncilConfig config = config(null, value);

    assertThatThrownBy(() -> new HazelcastRecorderFactory().create(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("council.recorder.hazelcast.retention is '" + value + "'")
        .hasMessageContaining("forever");
  }

  @Test
  void theRetentionIsADayByDefaultAndForeverKeepsFinishedRuns() {
    assertThat(HazelcastRecorderFactory.retention(config(null, null))).contains(Duration.ofHours(24));
    assertThat(HazelcastRecorderFactory.retention(config(null, "90m"))).contains(Duration.ofMinutes(90));
    assertThat(HazelcastRecorderFactory.retention(config(null, " Forever "))).isEmpty();
  }

  /** Records a whole run of four events and two journaled calls on {@code recorder}, ending with {@code outcome}. */
  private static void record(HazelcastRecorder recorder, String runId, RunOutcome outcome) {
    RunRecording recording = recorder.open(RecorderKit.runInfo(runId));
    recordEventsAndCalls(recorder, recording, runId);
    recording.finish(outcome);
  }

  private static void recordEventsAndCalls(HazelcastRecorder recorder, RunRecording recording, String runId) {
    TestEvents.numbered(runId, 3).subList(0, 2).forEach(recording::onEvent);
    recording.onEvent(TestEvents.memberStarted(runId, 2, "a"));
    recording.onEvent(TestEvents.memberStarted(runId, 3, "b"));
    recorder.journal().record(new CallKey(runId, 0, 0, "a"), "hash-a", TestEvents.memberResult("a", "yes"));
    recorder.journal().record(new CallKey(runId, 0, 0, "b"), "hash-b", TestEvents.memberResult("b", "no"));
  }

  /** The entries of map {@code name} stored on the two members, backups excluded. */
  private long storedEntries(String name) {
    return nodeA.getMap(name).getLocalMapStats().getOwnedEntryCount()
        + nodeB.getMap(name).getLocalMapStats().getOwnedEntryCount();
  }

  private HazelcastRecorder recorder(HazelcastInstance hz, @Nullable String retention) {
    HazelcastRecorder recorder = (HazelcastRecorder) new HazelcastRecorderFactory().create(config(hz, retention));
    recorders.add(recorder);
    return recorder;
  }

  private static CouncilConfig config(@Nullable HazelcastInstance hz, @Nullable String retention) {
    CouncilConfig.Builder builder = CouncilConfig.builder().systemProperties(Map.of()).environment(Map.of());
    if (hz != null) {
      builder.share(HazelcastInstance.class, hz);
    }
    if (retention != null) {
      builder.set(HazelcastRecorderFactory.RETENTION, retention);
    }
    return builder.build();
  }
}
