package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link RunRegistry} must show. Extend it and implement {@link
 * #createRegistry(String)}.
 *
 * <p>Registry names and run ids are unique per test, so clustered implementations may share a cluster
 * between tests. Every registry the kit creates is closed after the test.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class RunRegistryKit {
  private final List<RunRegistry> created = new ArrayList<>();
  private String prefix;
  private RunRegistry registry;

  /**
   * A new registry named {@code registryName}; registries with different names must not see each
   * other's runs.
   */
  protected abstract RunRegistry createRegistry(String registryName);

  /** How long concurrent tests may take before failing. */
  protected Duration timeout() {
    return Duration.ofSeconds(20);
  }

  @BeforeEach
  final void openRegistry() {
    prefix = "kit-" + UUID.randomUUID();
    registry = registry("default");
  }

  @AfterEach
  final void closeRegistries() {
    created.forEach(RunRegistry::close);
    created.clear();
  }

  @Test
  void registeredRunIsFoundById() {
    FakeRun run = FakeRun.running(id("a"));

    registry.register(run);

    assertThat(registry.find(id("a"))).map(RunControl::runId).contains(id("a"));
    assertThat(registry.find(id("a")).orElseThrow().state().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(registry.find(id("missing"))).isEmpty();
  }

  @Test
  void registeringADuplicateIdIsRejectedAndKeepsTheFirstRun() {
    FakeRun first = FakeRun.running(id("a"));
    registry.register(first);
    first.finish(RunStatus.COMPLETED);

    Throwable refused = catchThrowable(() -> registry.register(FakeRun.running(id("a"))));
    assertThat(refused).as("registering a second run under the registered id %s must be refused with an "
        + "IllegalStateException naming the id", id("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(id("a"));
    assertThat(registry.find(id("a")).orElseThrow().state().status())
        .as("the first run registered under %s must stay registered", id("a")).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void unregisterRemovesTheRunAndIgnoresUnknownIds() {
    registry.register(FakeRun.running(id("a")));
    registry.register(FakeRun.running(id("b")));

    registry.unregister(id("a"));
    registry.unregister(id("never-registered"));

    assertThat(registry.find(id("a"))).isEmpty();
    assertThat(registry.find(id("b"))).isPresent();
    registry.register(FakeRun.running(id("a")));
    assertThat(registry.find(id("a"))).isPresent();
  }

  @Test
  void activeListsRunningRunsOnlyWhileFinishedOnesStayFindable() {
    FakeRun running = FakeRun.running(id("running"));
    FakeRun completed = FakeRun.running(id("completed"));
    FakeRun cancelled = FakeRun.running(id("cancelled"));
    registry.register(running);
    registry.register(completed);
    registry.register(cancelled);

    completed.finish(RunStatus.COMPLETED);
    cancelled.cancel();

    assertThat(registry.active()).as("active() must list the runs still running, and only those")
        .extracting(RunSummary::runId).containsExactly(id("running"));
    assertThat(registry.active()).extracting(RunSummary::status).containsOnly(RunStatus.RUNNING);
    assertThat(registry.find(id("completed"))).isPresent();
    assertThat(registry.find(id("cancelled"))).isPresent();
  }

  @Test
  void registriesWithDifferentNamesDoNotSeeEachOthersRuns() {
    RunRegistry tenantA = registry("tenant-a");
    RunRegistry tenantB = registry("tenant-b");

    tenantA.register(FakeRun.running(id("shared-id")));
    Throwable refused = catchThrowable(() -> tenantB.register(FakeRun.running(id("shared-id"))));
    assertThat(refused).as("registries with different names must not see each other's runs: registry 'tenant-b' "
        + "refused %s, which only 'tenant-a' has", id("shared-id")).isNull();
    tenantA.register(FakeRun.running(id("only-a")));

    assertThat(tenantB.find(id("only-a"))).as("registries with different names must not see each other's runs")
        .isEmpty();
    assertThat(registry.find(id("shared-id"))).as("registries with different names must not see each other's runs")
        .isEmpty();
    assertThat(tenantA.active()).extracting(RunSummary::runId).containsExactlyInAnyOrder(id("shared-id"), id("only-a"));
    assertThat(tenantB.active()).extracting(RunSummary::runId).containsExactly(id("shared-id"));
  }

  @Test
  void concurrentRegistrationOfOneIdHasExactlyOneWinner() throws Exception {
    int contenders = 8;
    List<Boolean> outcomes = race(contenders, i -> {
      try {
        registry.register(FakeRun.running(id("contested")));
        return true;
      } catch (IllegalStateException e) {
        return false;
      }
    });

    assertThat(outcomes).containsOnlyOnce(true).hasSize(contenders);
    assertThat(registry.find(id("contested"))).isPresent();
  }

  @Test
  void concurrentRegistrationOfDistinctIdsKeepsEveryRun() throws Exception {
    int runs = 200;
    race(runs, i -> {
      registry.register(FakeRun.running(id("run-" + i)));
      return true;
    });

    for (int i = 0; i < runs; i++) {
      assertThat(registry.find(id("run-" + i))).as("run-%d", i).isPresent();
    }
    assertThat(registry.active()).hasSize(runs);
  }

  /** A run id unique to this test. */
  protected final String id(String name) {
    return prefix + "-" + name;
  }

  private RunRegistry registry(String name) {
    RunRegistry r = createRegistry(prefix + "-" + name);
    created.add(r);
    return r;
  }

  private <T> List<T> race(int tasks, IntFunction<T> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(tasks, 8));
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        int n = i;
        futures.add(pool.submit(() -> {
          start.await();
          return task.apply(n);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(timeout().toMillis(), TimeUnit.MILLISECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
