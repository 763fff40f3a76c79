package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.CouncilException;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while journal entries are pending: a separate JVM ({@link AtRiskRunMain}) runs a council whose
 * journal connection the test cuts after the first round, so the second round's finished calls are
 * stored as {@code member_completed} events but their journal entries stay at risk; then the JVM is
 * killed. As docs/persistence.md says, a resume makes exactly the calls that were at risk again, and
 * says so: the claim counts them, logs them and adds them to the run's {@code unjournaled_calls}.
 */
class AtRiskKilledJvmTest {
  private static final Duration WAIT = ChildJvm.WAIT;
  private static final int SIGKILL_EXIT = ChildJvm.SIGKILL_EXIT;

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("at_risk");

  @Test
  @Timeout(90)
  void callsAtRiskWhenTheProcessDiedArePaidAgainOnResumeAndSurfacedAsExactlyThat(@TempDir Path dir)
      throws Exception {
    String runId = "at-risk-" + UUID.randomUUID();
    CallLog log = new CallLog(dir.resolve("calls.log"));
    Path gate = dir.resolve("gate");
    Path output = dir.resolve("child-output.log");
    long atRiskAtDeath;
    try (TcpProxy journalProxy = TcpProxy.to(TestDatabase.host(), TestDatabase.port())) {
      Process child = ChildJvm.start(AtRiskRunMain.class, output, TABLES.prefix(), runId,
          dir.resolve("calls.log").toString(), Integer.toString(journalProxy.port()), gate.toString());
      try {
        ChildJvm.waitFor(child, output, "the first round journaled and the second round's calls made",
            () -> ChildJvm.journalRows(TABLES, runId) == 3 && log.calls().containsAll(java.util.List.of("a 1", "b 1", "c 1")));
        journalProxy.stop();
        Files.createFile(gate);
        ChildJvm.waitFor(child, output, "a and b's second-round completions stored while their journal entries are at risk",
            () -> completions(runId, 1) == 2 && lastAtRisk(output) == 2);
        atRiskAtDeath = lastAtRisk(output);
        child.destroyForcibly();
        assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the child died").isTrue();
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(SIGKILL_EXIT);
    }
    assertThat(ChildJvm.journalRows(TABLES, runId)).as("only the first round reached the journal").isEqualTo(3);
    Map<String, Long> beforeResume = log.counts();

    JdbiRecorder recorder = TABLES.recorderBuilder().build();
    Result result;
    try (CouncilEngine rescuer = CouncilEngine.builder()
        .config(CouncilConfig.of(Map.of("council.node-id", "rescuer-node")))
        .recorder(recorder).provider("mock", log.provider("none")).build()) {
      AtomicReference<RunHandle> resumed = new AtomicReference<>();
      Await.until("the killed process's lease lapsed and the resume is accepted", () -> {
        try {
          resumed.set(rescuer.resume(runId));
          return true;
        } catch (CouncilException e) {
          assertThat(e.getMessage()).contains("is owned by another live engine (node " + AtRiskRunMain.NODE);
          return false;
        }
      });
      result = resumed.get().await(WAIT);
      assertThat(recorder.awaitFlushed(WAIT)).isTrue();
    }
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);

    Map<String, Long> calls = log.counts();
    // A finished call paid twice: made by the killed process, answered there (its completion is stored),
    // and made again by the resume. c's second-round call never answered in the killed process.
    long repaidFinished = calls.entrySet().stream()
        .filter(c -> c.getValue() == 2 && !c.getKey().equals(KillableRunMain.BLOCKED_CALL)).count();
    assertThat(beforeResume).containsEntry("a 1", 1L).containsEntry("b 1", 1L).containsEntry("c 1", 1L);
    assertThat(calls).containsEntry("a 0", 1L).containsEntry("b 0", 1L).containsEntry("c 0", 1L)
        .containsEntry("a 1", 2L).containsEntry("b 1", 2L).containsEntry("c 1", 2L);
    assertThat(repaidFinished).as("finished calls paid again = journalAtRisk when the process died")
        .isEqualTo(atRiskAtDeath).isEqualTo(2);
    assertThat(recorder.stats().unjournaledOnResume()).as("surfaced by the resume's claim").isEqualTo(repaidFinished);
    StoredRun stored = TABLES.history().run(runId).orElseThrow();
    assertThat(stored.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(stored.unjournaledCalls()).as("the run's row says how many calls were paid again")
        .isEqualTo(repaidFinished);
    assertThat(ChildJvm.journalRows(TABLES, runId)).as("3 + 3 member calls and the chair").isEqualTo(7);
  }


  /** The last {@code journalAtRisk=<n>} the child printed, or -1. */
  private static long lastAtRisk(Path output) {
    try {
      long last = -1;
      for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
        if (line.startsWith("journalAtRisk=")) {
          last = Long.parseLong(line.substring("journalAtRisk=".length()).trim());
        }
      }
      return last;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }



  private static long completions(String runId, int roundIndex) {
    return TABLES.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + TABLES.prefix() + "run_events"
            + " WHERE run_id = :runId AND type = 'member_completed' AND payload->>'roundIndex' = :round")
        .bind("runId", runId).bind("round", Integer.toString(roundIndex)).mapTo(Long.class).one());
  }
}
