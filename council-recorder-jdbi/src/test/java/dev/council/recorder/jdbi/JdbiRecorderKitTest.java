package dev.council.recorder.jdbi;

import dev.council.api.event.CouncilEvent;
import dev.council.recorder.jdbi.internal.Json;
import dev.council.testkit.JournalingRecorderKit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The recorder contract every recorder must meet, against PostgreSQL. Events are read back from their
 * stored JSON payloads; the outcome from the run's status (a run terminated on purpose is
 * {@code CANCELLED} without a result).
 */
class JdbiRecorderKitTest extends JournalingRecorderKit<JdbiRecorder> {
  private static Jdbi jdbi;
  private static String prefix;

  @BeforeAll
  static void createSchema() {
    jdbi = TestDatabase.jdbi();
    prefix = TestDatabase.uniquePrefix("kit");
    CouncilSchema.migrate(jdbi, prefix);
  }

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropTables(prefix);
  }

  @Override
  protected JdbiRecorder createRecorder() {
    return JdbiRecorder.builder().jdbi(jdbi).tablePrefix(prefix).eventFilter(EventFilter.all())
        .flushInterval(Duration.ofMillis(5)).build();
  }

  @Override
  protected List<CouncilEvent> recordedEvents(JdbiRecorder recorder, String runId) {
    Json json = Json.get();
    return jdbi.withHandle(h -> h.createQuery("SELECT payload::text FROM " + prefix + "run_events WHERE run_id = :runId"
            + " ORDER BY seq")
        .bind("runId", runId)
        .mapTo(String.class)
        .list())
        .stream()
        .map(payload -> json.read(payload, CouncilEvent.class))
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
