package dev.council.api.spi;

import dev.council.api.RunSummary;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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

  /**
   * The run stops on this node because its engine is closing, and stays resumable (its recorder keeps it
   * as stopped by the engine). A clustered registry keeps it registered and, when it closes, hands it to
   * another node that adopts runs ({@link #onOrphanedRuns}); the default removes it like {@link
   * #unregister}. No-op when absent.
   */
  default void handOver(String runId) {
    unregister(runId);
  }

  /** Summaries of runs still in progress (not finished ones awaiting reaping). */
  List<RunSummary> active();

  /**
   * Asks a clustered registry to hand this node the runs that a departed node left unfinished
   * ({@code council.failover=adopt}). When a node that owned running runs leaves the cluster (it died),
   * exactly one surviving node wins each such run (the registry decides, atomically, and raises the run's
   * ownership epoch) and calls {@code adopt} with its id, on a thread of the registry's own; the engine then
   * resumes the run from its recorder, so {@link #find} on this registry returns empty for that id and
   * {@link #register} accepts it until the run is registered again. {@code adopt} throwing
   * {@link IllegalStateException} means this node takes no runs now (its engine is closing): the registry
   * leaves the run to another node. Any other exception means the run could not be resumed; the registry
   * then forgets the run cluster-wide. Runs another node hands over when its engine closes ({@link
   * #handOver}) are adopted the same way.
   *
   * <p>Called once, by the engine, when it starts. The default does nothing: a registry of one JVM has no
   * other node whose runs it could adopt.
   */
  default void onOrphanedRuns(Consumer<String> adopt) {}

  @Override
  default void close() {}
}
