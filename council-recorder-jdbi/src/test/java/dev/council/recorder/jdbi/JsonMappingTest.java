package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.event.CouncilEvent;
import dev.council.recorder.jdbi.internal.EventTypes;
import dev.council.recorder.jdbi.internal.Json;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonMappingTest {
  private final Json json = Json.get();
  private final SyntheticRun run = new SyntheticRun("run-json", Instant.parse("2026-02-01T08:00:00.123456Z"));

  @Test
  void councilReadsBackEqual() {
    Council council = SyntheticRun.richCouncil();

    assertThat(json.read(json.write(council), Council.class)).isEqualTo(council);
  }

  @Test
  void memberResultReadsBackEqualWithEveryField() {
    MemberResult result = SyntheticRun.fullMemberResult();

    assertThat(json.read(json.write(result), MemberResult.class)).isEqualTo(result);
  }

  @Test
  void storedNullOrMissingTokenCountsReadAsZero() {
    String written = json.write(SyntheticRun.fullMemberResult());
    String nullInput = written.replace("\"inputTokens\":1200", "\"inputTokens\":null");
    String missingOutput = written.replace("\"outputTokens\":345,", "");

    assertThat(json.read(nullInput, MemberResult.class).usage()).isEqualTo(new Usage(0, 345, 0.0123));
    assertThat(json.read(missingOutput, MemberResult.class).usage()).isEqualTo(new Usage(1200, 0, 0.0123));
  }

  @Test
  void resultReadsBackEqual() {
    Result result = run.result(RunStatus.FAILED);

    assertThat(json.read(json.write(result), Result.class)).isEqualTo(result);
  }

  @Test
  void eventJsonHasTheEventsFieldsAndItsType() {
    List<CouncilEvent> events = run.body();
    CouncilEvent started = events.get(0);

    Map<String, Object> payload = json.readMap(json.writeEvent(started));

    assertThat(payload).containsEntry("runId", "run-json").containsEntry("seq", 0)
        .containsEntry("timestamp", "2026-02-01T08:00:00.123456Z").containsEntry("type", "run_started")
        .containsEntry("councilId", "advisor").containsEntry("attempt", 1)
        .containsEntry("input", Map.of("question", "Is run-json a good idea?"));
  }

  @Test
  void everyEventTypeOfTheApiIsKnownAndTaggedWithItsTypeName() {
    List<CouncilEvent> events = new java.util.ArrayList<>(run.body());
    events.add(run.terminal(RunStatus.COMPLETED));
    events.add(new SyntheticRun("other", Instant.EPOCH).terminal(RunStatus.FAILED));
    Set<String> seen = new HashSet<>();

    for (CouncilEvent e : events) {
      assertThat(json.readMap(json.writeEvent(e))).containsEntry("type", e.type());
      seen.add(e.type());
    }

    assertThat(seen).isEqualTo(EventTypes.names());
    assertThat(CouncilEvent.class.getPermittedSubclasses()).hasSize(EventTypes.byClass().size());
  }

  @Test
  void nulCharactersBecomeReplacementCharactersSoJsonbAcceptsThem() {
    String written = json.write(Map.of("text", "a\u0000b", "literal", "\\u0000"));

    assertThat(json.readMap(written)).containsEntry("text", "a\uFFFDb").containsEntry("literal", "\\u0000");
  }
}
