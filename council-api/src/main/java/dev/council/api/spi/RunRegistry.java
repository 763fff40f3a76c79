package dev.council.api.spi;

import dev.council.api.RunSummary;
import java.util.List;
import java.util.Optional;

/**
 * Maps run ids to runs. A finished run stays registered (and so findable) until the engine reaps it.
 *
 * <p>Thread-safe. A clustered registry returns, for a run owned by another node, a {@link RunControl}
 * that routes control calls to that node.
 */
public interface RunRegistry extends AutoCloseable {

  /**
   * Registers a run.
   *
   * @throws IllegalStateException if a run with the same id is registered
   */
  void register(RunControl run);

  Optional<RunControl> find(String runId);

  /** Removes a run; no-op when absent. */
  void unregister(String runId);

  /** Summaries of runs still in progress (not finished ones awaiting reaping). */
  List<RunSummary> active();

  @Override
  default void close() {}
}
