package dev.council.recorder.jdbi;

import dev.council.api.event.CouncilEvent;
import dev.council.api.json.JsonMapping;
import dev.council.recorder.jdbi.internal.Json;
import dev.council.testkit.JournalingRecorderKit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recorder contract every recorder must meet, against PostgreSQL. Events are read back from their
 * stored JSON payloads; the outcome from the run's status (a run terminated on purpose is
 * {@code CANCELLED} without a result).
 */
class JdbiRecorderKitTest extends JournalingRecorderKit<JdbiRecorder> {
  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("kit");

  @Override
  protected JdbiRecorder createRecorder() {
    return TABLES.recorderBuilder().eventFilter(EventFilter.all())
        .flushInterval(Duration.ofMillis(5)).build();
  }

  /** A recorder whose database is unreachable: nothing listens on port 1. */
  @Override
  protected Optional<JdbiRecorder> createRecorderWithFailingSink() {
    return Optional.of(JdbiRecorder.builder()
        .jdbi(Jdbi.create("jdbc:postgresql://127.0.0.1:1/council?connectTimeout=1", "council", "council"))
        .tablePrefix(TABLES.prefix()).eventFilter(EventFilter.all())
        .flushInterval(Duration.ofMillis(5)).closeTimeout(Duration.ofMillis(500)).build());
  }

  @Override
  protected List<CouncilEvent> recordedEvents(JdbiRecorder recorder, String runId) {
    Json json = Json.get();
    return TABLES.jdbi().withHandle(h -> h.createQuery(
        "SELECT payload::text FROM " + TABLES.prefix() + "run_events WHERE run_id = :runId"
            + " ORDER BY seq")
        .bind("runId", runId)
        .mapTo(String.class)
        .list())
        .stream()
        .map(payload -> JsonMapping.event(json.readMap(payload)))
        .toList();
  }

  @Override
  protected Optional<String> recordedOutcome(JdbiRecorder recorder, String runId) {
    return recorder.history().run(runId).flatMap(run -> switch (run.status()) {
      case COMPLETED -> Optional.of("completed");
      case FAILED -> Optional.of("failed");
      case CANCELLED -> Optional.of(run.result() == null ? "stopped" : "cancelled");
      case RUNNING, STUCK -> Optional.empty();
    });
  }
}
