package dev.council.recorder.jdbi.internal;

import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.MemberCallJournal;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The member-call journal in {@code <prefix>member_calls}: one row per finished call, keyed by run,
 * round index, iteration and member. {@link #record} writes synchronously and returns only after the
 * row is committed; recording the same key again replaces the row. When the run's own row is still in
 * the {@link EventWriter}'s buffer, it is written in the same transaction, so a journaled call always
 * has its run's row and the run can be resumed. Thread-safe; both methods block on the database.
 */
public final class JdbiJournal implements MemberCallJournal {
  private static final String UPSERT = """
      INSERT INTO ${prefix}member_calls (run_id, round_index, iteration, member_id, attempts, request_hash,
        status, response, input_tokens, output_tokens, cost, latency_ms, provider, model, created_at)
      VALUES (:runId, :roundIndex, :iteration, :memberId, :attempts, :requestHash, :status,
        CAST(:response AS jsonb), :inputTokens, :outputTokens, :cost, :latencyMs, :provider, :model, :createdAt)
      ON CONFLICT (run_id, round_index, iteration, member_id) DO UPDATE SET
        attempts = EXCLUDED.attempts, request_hash = EXCLUDED.request_hash, status = EXCLUDED.status,
        response = EXCLUDED.response, input_tokens = EXCLUDED.input_tokens,
        output_tokens = EXCLUDED.output_tokens, cost = EXCLUDED.cost, latency_ms = EXCLUDED.latency_ms,
        provider = EXCLUDED.provider, model = EXCLUDED.model, created_at = EXCLUDED.created_at""";
  private static final String FIND = """
      SELECT response FROM ${prefix}member_calls
      WHERE run_id = :runId AND round_index = :roundIndex AND iteration = :iteration AND member_id = :memberId""";

  private final Jdbi jdbi;
  private final Tables tables;
  private final SchemaGate schema;
  private final EventWriter writer;
  private final Clock clock;
  private final Json json = Json.get();
  private final String upsert;
  private final String find;

  public JdbiJournal(Jdbi jdbi, Tables tables, SchemaGate schema, EventWriter writer, Clock clock) {
    this.jdbi = jdbi;
    this.tables = tables;
    this.schema = schema;
    this.writer = writer;
    this.clock = clock;
    this.upsert = tables.render(UPSERT);
    this.find = tables.render(FIND);
  }

  /**
   * {@inheritDoc}
   *
   * @throws CouncilException ({@link ErrorKind#TRANSIENT}) when the database cannot be read
   */
  @Override
  public Optional<MemberResult> find(CallKey key) {
    Objects.requireNonNull(key, "key");
    try {
      schema.ensure();
      return jdbi.withHandle(handle -> handle.createQuery(find)
              .bind("runId", key.runId())
              .bind("roundIndex", key.roundIndex())
              .bind("iteration", key.iteration())
              .bind("memberId", key.memberId())
              .mapTo(String.class)
              .findOne())
          .map(json::readMemberResult);
    } catch (JdbiException e) {
      throw failure("read", key, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws CouncilException ({@link ErrorKind#TRANSIENT}) when the row could not be committed; nothing
   *     is journaled then
   */
  @Override
  public void record(CallKey key, String requestHash, MemberResult result) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(requestHash, "requestHash");
    Objects.requireNonNull(result, "result");
    String response = json.writeMemberResult(result);
    try {
      schema.ensure();
      RunState opened = jdbi.inTransaction(handle -> {
        RunState pending = writer.writePendingOpen(handle, key.runId());
        handle.createUpdate(upsert)
            .bind("runId", key.runId())
            .bind("roundIndex", key.roundIndex())
            .bind("iteration", key.iteration())
            .bind("memberId", key.memberId())
            .bind("attempts", result.attempts())
            .bind("requestHash", requestHash)
            .bind("status", result.status().name())
            .bind("response", response)
            .bind("inputTokens", result.usage().inputTokens())
            .bind("outputTokens", result.usage().outputTokens())
            .bind("cost", result.usage().cost())
            .bind("latencyMs", result.latency().toMillis())
            .bind("provider", result.provider())
            .bind("model", result.model())
            .bind("createdAt", clock.instant())
            .execute();
        return pending;
      });
      if (opened != null) {
        writer.openCommitted(opened);
      }
    } catch (JdbiException e) {
      throw failure("journal", key, e);
    }
  }

  private CouncilException failure(String verb, CallKey key, JdbiException e) {
    return new CouncilException(CouncilError.of(ErrorKind.TRANSIENT,
        "could not " + verb + " the member call (run " + key.runId() + ", round " + key.roundIndex()
            + ", iteration " + key.iteration() + ", member " + key.memberId() + ") in table "
            + tables.memberCalls() + ": " + Failures.describe(e) + "; check that PostgreSQL is reachable"), e);
  }

  @Override
  public String toString() {
    return "JdbiJournal{" + tables.memberCalls() + "}";
  }
}
