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
 * @param payload the event as a JSON object: {@code runId}, {@code seq}, {@code timestamp}, {@code type}
 *     and the event's other fields (records nested as objects, instants and durations as ISO-8601 text)
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
