package dev.council.engine.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.FailureMode;
import dev.council.api.Member;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.RunOptions;
import dev.council.engine.Sleeper;
import dev.council.engine.internal.catalog.Catalog;
import dev.council.engine.internal.catalog.RegisteredNames;
import dev.council.engine.internal.wiring.EngineOverrides;
import dev.council.engine.internal.wiring.LlmProviders;
import dev.council.engine.local.LocalPubSub;
import dev.council.engine.local.LocalRunRegistry;
import dev.council.engine.local.NoopRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a run cancels its whole tree of sub-council runs through a work list: the stack does not grow
 * with the tree's depth. The runs here are built directly (not launched), so no validation limit applies.
 */
class CancelCascadeTest {
  /** Far deeper than a recursive cascade survives on the small stack the cancel runs on below. */
  private static final int DEPTH = 20_000;
  private static final long SMALL_STACK = 256 * 1024;

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final LocalRunRegistry registry = new LocalRunRegistry("default");
  private final RunEnvironment env = environment();

  @AfterEach
  void close() {
    executor.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void cancellingTheRootOfA20000DeepChainOfSubRunsCancelsEveryRunWithoutGrowingTheStack() throws Exception {
    List<Run> chain = chain(DEPTH);

    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        outcome.set(chain.get(0).cancel());
      } catch (Throwable e) {
        outcome.set(e);
      }
    }, "small-stack-cancel", SMALL_STACK);
    t.start();
    t.join(Duration.ofSeconds(30));

    assertThat(outcome.get()).isEqualTo(Boolean.TRUE);
    assertThat(chain).allSatisfy(run -> assertThat(run.stopCause()).isEqualTo(StopReason.CANCELLED));
  }

  @Test
  void cancellingAMiddleRunCancelsItsSubtreeButNotItsAncestors() {
    List<Run> chain = chain(5);

    assertThat(chain.get(2).cancel()).isTrue();

    assertThat(chain.subList(0, 2)).allSatisfy(run -> assertThat(run.stopCause()).isNull());
    assertThat(chain.subList(2, 5)).allSatisfy(run -> assertThat(run.stopCause()).isEqualTo(StopReason.CANCELLED));
    assertThat(chain.get(2).cancel()).as("a second cancel does nothing").isFalse();
  }

  @Test
  void aSubRunAddedAfterTheCancelIsCancelledAtOnce() {
    List<Run> chain = chain(1);
    chain.get(0).cancel();
    Run late = run("late");

    chain.get(0).addSubRun(late);

    assertThat(late.stopCause()).isEqualTo(StopReason.CANCELLED);
  }

  @Test
  void aTreeWithBranchesAtEveryLevelIsCancelledWhole() {
    Run root = run("root");
    List<Run> all = new ArrayList<>(List.of(root));
    List<Run> level = List.of(root);
    for (int depth = 0; depth < 10; depth++) {
      List<Run> next = new ArrayList<>();
      for (Run parent : level) {
        for (int i = 0; i < 2; i++) {
          Run child = run(parent.runId + "." + i);
          parent.addSubRun(child);
          next.add(child);
        }
      }
      all.addAll(next);
      level = next;
    }

    assertThat(root.cancel()).isTrue();

    assertThat(all).hasSize(2047).allSatisfy(run -> assertThat(run.stopCause()).isEqualTo(StopReason.CANCELLED));
  }

  /** Runs {@code 0..depth-1}, each the only sub-run of the one before. */
  private List<Run> chain(int depth) {
    List<Run> runs = new ArrayList<>(depth);
    for (int i = 0; i < depth; i++) {
      Run r = run("run-" + i);
      if (i > 0) {
        runs.get(i - 1).addSubRun(r);
      }
      runs.add(r);
    }
    return runs;
  }

  private Run run(String id) {
    Council council = Council.builder("c-" + id)
        .member(Member.builder("m").provider("mock").model("mock-model").build())
        .round(Round.of("independent_analysis")).build();
    return new Run(env, id, council, Map.of("question", "q"), RunOptions.DEFAULTS, Lineage.FIRST, registry,
        new NoopRecorder());
  }

  private RunEnvironment environment() {
    RegisteredNames names = new RegisteredNames();
    Catalog catalog = new Catalog(names, new LlmProviders(List.of(), EngineOverrides.NONE, CouncilConfig.of(Map.of())),
        Map.of(), Map.of(), Map.of(), null);
    MemberCalls memberCalls = new MemberCalls(catalog,
        new MemberPolicy.Defaults(RetryPolicy.NONE, Duration.ofSeconds(30)),
        new Dispatcher(catalog, new ToolLoop(executor), Sleeper.SYSTEM, new AttemptTimer(timer)),
        new SubCouncilCalls(names, (c, input, options) -> {
          throw new AssertionError("no sub-council is started in these tests");
        }));
    return new RunEnvironment(Clock.systemUTC(), "local", executor, new LocalPubSub(), new RunTracers(List.of()),
        dev.council.engine.internal.otel.Telemetry.OFF, catalog, FailureMode.CONTINUE, memberCalls, (run, finished) -> {},
        new dev.council.engine.local.MemoryReliabilityStore());
  }
}
