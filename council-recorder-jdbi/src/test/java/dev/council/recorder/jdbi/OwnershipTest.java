package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.ResumeRefusedException;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ownership of a run across engines, each with its own recorder over the same tables: a run that a live
 * engine runs is not resumed elsewhere, and of two engines resuming one run exactly one proceeds.
 */
@Timeout(60)
class OwnershipTest {
  private static final Council TWO = Councils.council(List.of("a", "b"), List.of("independent_analysis"), false);

  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("owner");

  private static CouncilEngine engine(String node, MockProvider provider) {
    return CouncilEngine.builder().config(CouncilConfig.of(Map.of("council.node-id", node)))
        .recorder(TABLES.recorderBuilder().flushInterval(Duration.ofMillis(5)).build()).provider("mock", provider)
        .build();
  }

  private static boolean stored(String runId) {
    return TABLES.history().run(runId).isPresent();
  }

  @Test
  void aRunThatALiveEngineRunsIsNotResumedByAnother() throws Exception {
    MockProvider blocking = MockProvider.create("mock");
    blocking.script("b", MockScript.blockUntilInterrupted());
    try (CouncilEngine owner = engine("owner-node", blocking);
        CouncilEngine other = engine("other-node", MockProvider.create("mock"))) {
      RunHandle h = owner.start(TWO, Councils.QUESTION, RunOptions.builder().runId("owned-run").build());
      Await.until("the run's row is stored", () -> stored("owned-run"));

      assertThatThrownBy(() -> other.resume("owned-run"))
          .isInstanceOfSatisfying(ResumeRefusedException.class, e -> assertThat(e.reason())
              .isEqualTo(ResumeRefusedException.Reason.OWNED_ELSEWHERE))
          .hasMessageContaining("run 'owned-run' is owned by another live engine (node owner-node, lease until")
          .hasMessageContaining("it is not resumed here, so that it does not run twice");
      assertThat(h.state().status()).isEqualTo(RunStatus.RUNNING);
      h.cancel();
    }
  }

  @Test
  void ofTwoEnginesResumingOneRunExactlyOneProceeds() throws Exception {
    MockProvider blocking = MockProvider.create("mock");
    blocking.script("b", MockScript.blockUntilInterrupted());
    try (CouncilEngine first = engine("first-node", blocking)) {
      first.start(TWO, Councils.QUESTION, RunOptions.builder().runId("contested-run").build());
      Await.until("a is journaled", () -> TABLES.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM "
          + TABLES.prefix() + "member_calls WHERE run_id = 'contested-run'").mapTo(Long.class).one()) == 1);
    }
    try (CouncilEngine x = engine("x-node", MockProvider.create("mock"));
        CouncilEngine y = engine("y-node", MockProvider.create("mock"));
        ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<Result>> attempts = new ArrayList<>();
      for (CouncilEngine e : List.of(x, y)) {
        Callable<Result> resume = () -> e.resume("contested-run").await(Duration.ofSeconds(30));
        attempts.add(pool.submit(resume));
      }
      List<Result> proceeded = new ArrayList<>();
      List<Throwable> refused = new ArrayList<>();
      for (Future<Result> f : attempts) {
        try {
          proceeded.add(f.get());
        } catch (java.util.concurrent.ExecutionException ex) {
          refused.add(ex.getCause());
        }
      }
      assertThat(proceeded).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETED));
      assertThat(refused).singleElement().satisfies(t -> assertThat(t)
          .isInstanceOfSatisfying(ResumeRefusedException.class, e -> assertThat(e.reason())
              .isEqualTo(ResumeRefusedException.Reason.OWNED_ELSEWHERE))
          .hasMessageContaining("run 'contested-run' is owned by another live engine"));
    }
    StoredRun run = TABLES.history().run("contested-run").orElseThrow();
    assertThat(run.status()).isEqualTo(StoredRunStatus.COMPLETED);
    assertThat(run.droppedEvents()).isZero();
  }
}
