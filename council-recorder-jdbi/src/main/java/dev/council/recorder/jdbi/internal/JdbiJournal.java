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
 * round index, iteration and member. {@link #record} hands the entry to the {@link JournalWriter}, which
 * commits the entries of concurrent calls together, and returns once its entry is committed, or after
 * the writer's commit wait (at once while the journal is failing) with the entry still queued and
 * retried: then the call is <em>at risk</em> until it is written, and counted. Recording the same key
 * again replaces the row. When the run's own row is still in the {@link EventWriter}'s buffer, it is
 * written in the same transaction, so a journaled call always has its run's row and the run can be
 * resumed. Thread-safe; {@link #find} blocks on the database (the engine asks only for resumed runs).
 */
public final class JdbiJournal implements MemberCallJournal {
  private static final String FIND = """
      SELECT response FROM ${prefix}member_calls
      WHERE run_id = :runId AND round_index = :roundIndex AND iteration = :iteration AND member_id = :memberId""";

  private final Jdbi jdbi;
  private final Tables tables;
  private final SchemaGate schema;
  private final JournalWriter writer;
  private final Clock clock;
  private final Json json = Json.get();
  private final String find;

  public JdbiJournal(Jdbi jdbi, Tables tables, SchemaGate schema, JournalWriter writer, Clock clock) {
    this.jdbi = jdbi;
    this.tables = tables;
    this.schema = schema;
    this.writer = writer;
    this.clock = clock;
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
   * Journals a finished call with group commit. Returns when the entry is committed, or after the commit
   * wait with the entry still queued (retried until written; counted as at risk meanwhile), or at once
   * while the journal is failing. Never throws for database trouble.
   */
  @Override
  public void record(CallKey key, String requestHash, MemberResult result) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(requestHash, "requestHash");
    Objects.requireNonNull(result, "result");
    writer.record(key, requestHash, result, json.writeMemberResult(result), clock.instant());
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
