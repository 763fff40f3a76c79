package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Usage;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.MemberCallJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbiJournalTest {
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  private static Jdbi jdbi;
  private static String prefix;
  private static JdbiRecorder recorder;
  private static MemberCallJournal journal;

  @BeforeAll
  static void openRecorder() {
    jdbi = TestDatabase.jdbi();
    prefix = TestDatabase.uniquePrefix("journal");
    recorder = JdbiRecorder.builder().jdbi(jdbi).tablePrefix(prefix).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    journal = recorder.journal();
  }

  @AfterAll
  static void dropSchema() {
    recorder.close();
    TestDatabase.dropTables(prefix);
  }

  @Test
  void recordedCallReadsBackWithEveryField() {
    CallKey key = new CallKey("run-j1", 2, 1, "critic");
    MemberResult result = SyntheticRun.fullMemberResult();

    journal.record(key, "sha256:abc", result);

    assertThat(journal.find(key)).contains(result);
  }

  @Test
  void recordIsDurableWhenItReturnsAndFillsTheUsageColumns() {
    CallKey key = new CallKey("run-j2", 0, 0, "critic");

    journal.record(key, "sha256:def", SyntheticRun.fullMemberResult());

    Map<String, Object> row = jdbi.withHandle(h -> h.createQuery("SELECT attempts, request_hash, status,"
            + " input_tokens, output_tokens, cost, latency_ms, provider, model, created_at FROM " + prefix
            + "member_calls WHERE run_id = 'run-j2'")
        .mapToMap().one());
    assertThat(row).containsEntry("attempts", 3).containsEntry("request_hash", "sha256:def")
        .containsEntry("status", "INVALID_OUTPUT").containsEntry("input_tokens", 1200L)
        .containsEntry("output_tokens", 345L).containsEntry("cost", 0.0123).containsEntry("latency_ms", 1234L)
        .containsEntry("provider", "openai").containsEntry("model", "gpt-test");
    assertThat(((java.sql.Timestamp) row.get("created_at")).toInstant()).isEqualTo(NOW);
  }

  @Test
  void eachKeyPartTellsCallsApart() {
    MemberResult a = SyntheticRun.memberResult("a", "first");
    journal.record(new CallKey("run-j3", 0, 0, "a"), "h", a);

    assertThat(journal.find(new CallKey("run-j3", 0, 0, "a"))).contains(a);
    assertThat(journal.find(new CallKey("run-j3", 1, 0, "a"))).isEmpty();
    assertThat(journal.find(new CallKey("run-j3", 0, 1, "a"))).isEmpty();
    assertThat(journal.find(new CallKey("run-j3", 0, 0, "b"))).isEmpty();
    assertThat(journal.find(new CallKey("run-other", 0, 0, "a"))).isEmpty();
  }

  @Test
  void recordingTheSameCallAgainReplacesIt() {
    CallKey key = new CallKey("run-j4", 0, 0, "a");
    MemberResult failed = new MemberResult("a", MemberStatus.TIMEOUT, null, null, Usage.ZERO, 2,
        Duration.ofSeconds(30), null, null, "mock", "m-1", Map.of());
    MemberResult ok = SyntheticRun.memberResult("a", "second time lucky");

    journal.record(key, "h1", failed);
    journal.record(key, "h2", ok);

    assertThat(journal.find(key)).contains(ok);
    int rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + prefix + "member_calls"
        + " WHERE run_id = 'run-j4'").mapTo(Integer.class).one());
    assertThat(rows).isEqualTo(1);
  }

  @Test
  void nulCharactersInContentAreStoredAsReplacementCharacters() {
    CallKey key = new CallKey("run-j5", 0, 0, "a");

    journal.record(key, "h", SyntheticRun.memberResult("a", "before\u0000after"));

    assertThat(journal.find(key).orElseThrow().content()).isEqualTo("before\uFFFDafter");
  }
}
