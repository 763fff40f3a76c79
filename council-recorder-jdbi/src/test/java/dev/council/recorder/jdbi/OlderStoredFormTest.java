package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.json.JsonMapping;
import dev.council.api.spi.CallKey;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows written before results and events were stored in {@link JsonMapping}'s form (member results field
 * by field, with an ISO-8601 {@code latency} and no {@code latencyMs}) still read back, and their event
 * payloads come back in today's form.
 */
class OlderStoredFormTest {
  private static final Instant STARTED = Instant.parse("2026-02-01T09:00:00.123456Z");

  /** A member result exactly as the recorder used to write it. */
  private static final String OLD_MEMBER = """
      {"memberId": "a", "status": "ERROR", "content": "Yes", "parsed": {"choice": "A", "n": 2},
       "usage": {"inputTokens": 15, "outputTokens": 6, "cost": 0.002}, "attempts": 2,
       "latency": "PT0.420000001S", "confidence": 0.7,
       "error": {"kind": "RATE_LIMITED", "message": "429 slow down", "memberId": "a", "round": "answers",
                 "retryAfter": "PT30S", "cause": null},
       "provider": "mock", "model": "m-1", "metadata": {"label": "Response A"}}""";

  private static final String OLD_RESULT = """
      {"runId": "old-1", "councilId": "legacy", "status": "COMPLETED", "answer": "Yes",
       "rounds": [{"name": "answers", "type": "independent_analysis", "index": 0, "iteration": 0,
                   "members": [%s], "aggregate": null, "metadata": {}}],
       "errors": [], "usage": {"inputTokens": 15, "outputTokens": 6, "cost": 0.002},
       "startedAt": "2026-02-01T09:00:00.123456Z", "finishedAt": "2026-02-01T09:00:01Z",
       "metadata": {"memberCalls": 1, "failedMemberCalls": 1}}""".formatted(OLD_MEMBER);

  private static final String OLD_EVENT = """
      {"runId": "old-1", "seq": 3, "timestamp": "2026-02-01T09:00:00.5Z", "round": "answers", "roundIndex": 0,
       "iteration": 0, "result": %s, "type": "member_completed"}""".formatted(OLD_MEMBER);

  private static Jdbi jdbi;
  private static String prefix;
  private static JdbiRecorder recorder;

  @BeforeAll
  static void writeOldRows() {
    jdbi = TestDatabase.jdbi();
    prefix = TestDatabase.uniquePrefix("older");
    recorder = JdbiRecorder.builder().jdbi(jdbi).tablePrefix(prefix).build();
    recorder.prepareSchema();
    jdbi.useHandle(h -> {
      h.createUpdate("INSERT INTO " + prefix + "runs (run_id, council_id, council, input, status, result, errors,"
              + " owner_node, last_seq, started_at, finished_at) VALUES ('old-1', 'legacy', '{}'::jsonb,"
              + " '{\"question\": \"Q?\"}'::jsonb, 'COMPLETED', CAST(:result AS jsonb),"
              + " '[{\"kind\": \"TIMEOUT\", \"message\": \"late\", \"memberId\": null, \"round\": null,"
              + " \"retryAfter\": \"PT0.5S\", \"cause\": null}]'::jsonb, 'node-1', 3, :started, :finished)")
          .bind("result", OLD_RESULT)
          .bind("started", OffsetDateTime.ofInstant(STARTED, ZoneOffset.UTC))
          .bind("finished", OffsetDateTime.ofInstant(Instant.parse("2026-02-01T09:00:01Z"), ZoneOffset.UTC))
          .execute();
      h.createUpdate("INSERT INTO " + prefix + "run_events (run_id, seq, type, payload, created_at)"
              + " VALUES ('old-1', 3, 'member_completed', CAST(:payload AS jsonb), :at)")
          .bind("payload", OLD_EVENT)
          .bind("at", OffsetDateTime.ofInstant(Instant.parse("2026-02-01T09:00:00.5Z"), ZoneOffset.UTC))
          .execute();
      h.createUpdate("INSERT INTO " + prefix + "member_calls (run_id, round_index, iteration, member_id, attempts,"
              + " request_hash, status, response, input_tokens, output_tokens, cost, latency_ms, provider, model,"
              + " created_at) VALUES ('old-1', 0, 0, 'a', 2, 'sha256:old', 'ERROR', CAST(:response AS jsonb), 15, 6,"
              + " 0.002, 420, 'mock', 'm-1', :at)")
          .bind("response", OLD_MEMBER)
          .bind("at", OffsetDateTime.ofInstant(STARTED, ZoneOffset.UTC))
          .execute();
    });
  }

  @AfterAll
  static void dropSchema() {
    recorder.close();
    TestDatabase.dropTables(prefix);
  }

  private static MemberResult member() {
    return new MemberResult("a", MemberStatus.ERROR, "Yes", Map.of("choice", "A", "n", 2), new Usage(15, 6, 0.002), 2,
        Duration.ofNanos(420_000_001), 0.7,
        CouncilError.of(ErrorKind.RATE_LIMITED, "429 slow down").withMember("a", "answers")
            .withRetryAfter(Duration.ofSeconds(30)),
        "mock", "m-1", Map.of("label", "Response A"));
  }

  @Test
  void anOldResultAndItsErrorsReadBackExactly() {
    StoredRun run = recorder.history().run("old-1").orElseThrow();

    Result expected = new Result("old-1", "legacy", RunStatus.COMPLETED, "Yes",
        List.of(new RoundResult("answers", "independent_analysis", 0, 0, List.of(member()), null, Map.of())),
        List.of(), new Usage(15, 6, 0.002), STARTED, Instant.parse("2026-02-01T09:00:01Z"),
        Map.of("memberCalls", 1, "failedMemberCalls", 1));
    assertThat(run.result()).isEqualTo(expected);
    assertThat(run.result().memberCalls()).isEqualTo(1);
    assertThat(run.errors()).containsExactly(
        CouncilError.of(ErrorKind.TIMEOUT, "late").withRetryAfter(Duration.ofMillis(500)));
  }

  @Test
  void anOldJournalRowReadsBackExactly() {
    assertThat(recorder.journal().find(new CallKey("old-1", 0, 0, "a"))).contains(member());
  }

  @Test
  void anOldEventPayloadComesBackInTodaysForm() {
    StoredEvent event = recorder.history().events("old-1", 0, 10).get(0);

    assertThat(event.type()).isEqualTo("member_completed");
    assertThat(event.payload()).containsEntry("seq", 3).containsEntry("round", "answers");
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) event.payload().get("result");
    assertThat(result).containsEntry("latencyMs", 420).containsEntry("latency", "PT0.420000001S");
    assertThat(result.get("error")).isEqualTo(Map.of("kind", "RATE_LIMITED", "message", "429 slow down",
        "memberId", "a", "round", "answers", "retryAfter", "30s"));
    assertThat(JsonMapping.event(event.payload())).isEqualTo(new dev.council.api.event.MemberCompleted("old-1", 3,
        Instant.parse("2026-02-01T09:00:00.5Z"), "answers", 0, 0, member()));
  }
}
