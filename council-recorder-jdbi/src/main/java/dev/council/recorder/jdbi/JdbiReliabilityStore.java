package dev.council.recorder.jdbi;

import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.spi.ReliabilityStore;
import dev.council.recorder.jdbi.internal.Migrator;
import dev.council.recorder.jdbi.internal.Tables;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL {@link ReliabilityStore} ({@code council.reliability.store=jdbi}): counts in table
 * {@code <prefix>reliability}, created by the recorder's migrations (version 3, see {@link CouncilSchema}),
 * shared by every engine on the database. A record is one upsert, atomic under concurrent records from
 * any number of nodes.
 *
 * <p>Thread-safe. Every method blocks on the database. The schema is migrated (or, with migrate off,
 * checked) on first use, not on construction. When PostgreSQL is unreachable {@link #record} throws a
 * {@code TRANSIENT} {@link CouncilException} and {@link #score} returns empty (the cold-start prior) after
 * logging a warning. {@link #close} closes the data source only when the store was built to own it.
 */
public final class JdbiReliabilityStore implements ReliabilityStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbiReliabilityStore.class);

  private final Jdbi jdbi;
  private final Tables tables;
  private final boolean migrate;
  private final @Nullable AutoCloseable owned;
  private final String upsert;
  private final String select;
  private volatile boolean ready;

  private JdbiReliabilityStore(Jdbi jdbi, Tables tables, boolean migrate, @Nullable AutoCloseable owned) {
    this.jdbi = jdbi;
    this.tables = tables;
    this.migrate = migrate;
    this.owned = owned;
    String t = tables.reliability();
    this.upsert = "INSERT INTO " + t + " (member_id, bucket, matched, total) VALUES (:member, :bucket, :matched, 1)"
        + " ON CONFLICT (member_id, bucket) DO UPDATE SET matched = " + t + ".matched + EXCLUDED.matched,"
        + " total = " + t + ".total + 1, updated_at = now()";
    this.select = "SELECT matched, total FROM " + t + " WHERE member_id = :member AND bucket = :bucket";
  }

  /**
   * A store on {@code jdbi}'s database with tables named {@code tablePrefix...}; it does not close the
   * data source.
   *
   * @param migrate whether to create or upgrade the schema on first use (else it is checked)
   * @throws dev.council.api.config.ConfigException when the prefix is not a valid identifier
   */
  public static JdbiReliabilityStore create(Jdbi jdbi, String tablePrefix, boolean migrate) {
    return new JdbiReliabilityStore(Objects.requireNonNull(jdbi, "jdbi"), Tables.of(tablePrefix), migrate, null);
  }

  /** As {@link #create(Jdbi, String, boolean)}, closing {@code dataSource} on {@link #close}. */
  public static JdbiReliabilityStore owning(Jdbi jdbi, String tablePrefix, boolean migrate, AutoCloseable dataSource) {
    return new JdbiReliabilityStore(Objects.requireNonNull(jdbi, "jdbi"), Tables.of(tablePrefix), migrate,
        Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public void record(String memberId, Map<String, ?> features, boolean matched) {
    Objects.requireNonNull(memberId, "memberId");
    String bucket = ReliabilityStore.bucket(features);
    prepare();
    try {
      jdbi.useHandle(h -> h.createUpdate(upsert).bind("member", memberId).bind("bucket", bucket)
          .bind("matched", matched ? 1L : 0L).execute());
    } catch (JdbiException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.TRANSIENT, "could not record the reliability of member '"
          + memberId + "' in " + tables.reliability() + ": " + e.getMessage()), e);
    }
  }

  @Override
  public OptionalDouble score(String memberId, Map<String, ?> features) {
    String bucket = ReliabilityStore.bucket(features);
    try {
      prepare();
      Optional<long[]> counts = jdbi.withHandle(h -> h.createQuery(select).bind("member", memberId)
          .bind("bucket", bucket).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).findOne());
      return counts.map(c -> OptionalDouble.of(ReliabilityStore.laplace(c[0], c[1]))).orElse(OptionalDouble.empty());
    } catch (JdbiException | CouncilException e) {
      LOG.warn("could not read the reliability of member '{}' from {}; weighing it equally: {}", memberId,
          tables.reliability(), e.getMessage());
      return OptionalDouble.empty();
    }
  }

  @Override
  public void clear() {
    prepare();
    jdbi.useHandle(h -> h.execute("DELETE FROM " + tables.reliability()));
  }

  private void prepare() {
    if (ready) {
      return;
    }
    synchronized (this) {
      if (!ready) {
        if (migrate) {
          Migrator.migrate(jdbi, tables);
        } else {
          verify();
        }
        ready = true;
      }
    }
  }

  private void verify() {
    boolean exists;
    try {
      exists = jdbi.withHandle(h -> h.createQuery("SELECT to_regclass(:name) IS NOT NULL")
          .bind("name", tables.reliability()).mapTo(Boolean.class).one());
    } catch (JdbiException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.TRANSIENT, "could not check table "
          + tables.reliability() + ": " + e.getMessage()), e);
    }
    if (!exists) {
      throw new CouncilException(CouncilError.of(ErrorKind.PERMANENT, "table " + tables.reliability()
          + " does not exist and migrate is off: apply db/council/V3__reliability.sql (with placeholder prefix="
          + tables.prefix() + ") using your migration tool, or turn migrate on"
          + " (council.recorder.jdbi.migrate=true)"));
    }
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        LOG.warn("closing the reliability store's data source failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbiReliabilityStore[" + tables.reliability() + "]";
  }
}
