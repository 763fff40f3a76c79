package dev.council.pubsub.hazelcast;

import dev.council.api.Result;
import dev.council.api.RunSummary;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A registered run as the cluster sees it: the value of {@code council.runs.<registry>} under its run id.
 * Written by the owner only: when it registers the run, when the run finishes (with its result, so
 * waiters on any node get it), and removed when the owner unregisters it (terminate or reaping).
 *
 * @param summary the run's state when last written; current while it runs only on the owner
 * @param owner the owning node's id (its Hazelcast endpoint UUID), where control calls are routed
 * @param epoch the ownership epoch: 1 when the run is registered, higher after each change of owner,
 *     so writes by an earlier owner can be told apart and refused
 * @param result the run's result once it finished (completed, failed or cancelled), else null
 */
record RunEntry(RunSummary summary, String owner, long epoch, @Nullable Result result) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The epoch of a run's first owner. */
  static final long FIRST_EPOCH = 1;

  RunEntry {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(owner, "owner");
    if (epoch < FIRST_EPOCH) {
      throw new IllegalArgumentException("epoch must be at least " + FIRST_EPOCH + ", was " + epoch);
    }
  }

  String runId() {
    return summary.runId();
  }

  /** Whether the run finished; then {@link #result()} is set and the summary is final. */
  boolean finished() {
    return result != null;
  }

  /** This entry for the same owner and epoch, finished with {@code result}. */
  RunEntry finishedWith(Result result) {
    RunSummary s = new RunSummary(summary.runId(), summary.councilId(), result.status(), null,
        summary.roundsCompleted(), summary.startedAt(), result.finishedAt(), summary.owner());
    return new RunEntry(s, owner, epoch, result);
  }
}
