package dev.council.recorder.jdbi;

import dev.council.api.JsonTrees;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded event of a run.
 *
 * @param runId the run
 * @param seq the event's sequence number within the run
 * @param type the event type, as {@link dev.council.api.event.CouncilEvent#type()} names it
 * @param payload the event as {@link dev.council.api.json.JsonMapping#toTree(dev.council.api.event.CouncilEvent)}
 *     writes it ({@code type}, {@code runId}, {@code seq}, {@code timestamp}, then the event's own fields),
 *     as parsed from JSON; {@link dev.council.api.json.JsonMapping#event} reads it back into the event
 * @param createdAt the event's timestamp, to the microsecond
 */
public record StoredEvent(String runId, long seq, String type, Map<String, Object> payload, Instant createdAt) {
  public StoredEvent {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(type, "type");
    payload = JsonTrees.copyTree(payload);
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
