package dev.council.pubsub.hazelcast;

import dev.council.api.spi.RunInfo;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run as the {@code hazelcast} recorder keeps it: the value of {@code council.recorder.runs} under its
 * run id, stored Java-serialized like the module's other values. Written by the run's recording (open and
 * finish) and by {@code markStuck}. Immutable.
 *
 * @param info the run as it was last opened (the owner is the node that opened it last)
 * @param status {@code RUNNING}, {@code COMPLETED}, {@code FAILED}, {@code CANCELLED}, {@code STOPPED}
 *     or {@code STUCK}
 * @param stopReason why a {@code STOPPED} run stopped ({@code terminated}, {@code engine_stopped}), else
 *     null
 * @param result the result of a completed, failed or cancelled run as a {@link
 *     dev.council.api.json.JsonMapping} tree, else null
 */
record StoredRun(RunInfo info, String status, @Nullable String stopReason, @Nullable Map<String, Object> result)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String RUNNING = "RUNNING";
  static final String STOPPED = "STOPPED";
  static final String STUCK = "STUCK";

  StoredRun {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(status, "status");
  }

  /**
   * Whether the run reached a final status: completed, failed, cancelled or terminated on purpose. A run
   * still running, stopped with its engine or marked stuck can be resumed.
   */
  boolean finished() {
    return switch (status) {
      case RUNNING, STUCK -> false;
      case STOPPED -> dev.council.api.spi.RunOutcome.Stopped.TERMINATED.equals(stopReason);
      default -> true;
    };
  }
}
