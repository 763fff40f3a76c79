package dev.council.testkit;

import dev.council.api.event.CouncilEvent;
import java.util.Objects;

/**
 * What {@link RecorderKit} compares of each stored event: its run id, sequence number and {@link
 * CouncilEvent#type() type}. A recorder that does not keep whole events (an audit log, a metrics sink)
 * reads these back from its store instead of rebuilding the event records by hand; one that does keep
 * them returns the events and lets the kit take their keys.
 *
 * @param runId the event's run id, not null
 * @param seq the event's sequence number within its run
 * @param type the event's type name, e.g. {@code run_started}, not null
 */
public record EventKey(String runId, long seq, String type) {

  /** Checks that the ids are not null. */
  public EventKey {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(type, "type");
  }

  /** The key of {@code event}. */
  public static EventKey of(CouncilEvent event) {
    return new EventKey(event.runId(), event.seq(), event.type());
  }

  /** {@code run_started #0 of run-1}. */
  @Override
  public String toString() {
    return type + " #" + seq + " of " + runId;
  }
}
