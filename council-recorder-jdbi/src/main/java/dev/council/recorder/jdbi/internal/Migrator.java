package dev.council.recorder.jdbi.internal;

import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations shipped under {@code db/council/} in one transaction, serialized
 * across processes by a PostgreSQL advisory lock on the table prefix, and records each applied version
 * in {@code <prefix>schema_version}. Stateless; every method blocks on the database.
 */
public final class Migrator {
  /** The schema version this module writes and reads. */
  public static final int CURRENT_VERSION = 4;

  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

  /** First key of the advisory lock: "coun" in ASCII, so the lock is recognisable in pg_locks. */
  private static final int LOCK_NAMESPACE = 0x636f756e;

  private static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "init", "/db/council/V1__init.sql"),
      new Migration(2, "journal_and_lease", "/db/council/V2__journal_and_lease.sql"),
      new Migration(3, "reliability", "/db/council/V3__reliability.sql"),
      new Migration(4, "trace_context", "/db/council/V4__trace_context.sql"));

  private static final String SCHEMA_VERSION_DDL = """
      CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
        version     integer     NOT NULL,
        description text        NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ${prefix}schema_version_pk PRIMARY KEY (version)
      )""";

  private Migrator() {}

  /** Every migration's SQL, rendered with the prefix, in order: what an application's own tool applies. */
  public static String script(Tables tables) {
    StringBuilder sb = new StringBuilder();
    for (Migration m : MIGRATIONS) {
      sb.append(tables.render(m.sql()));
    }
    return sb.toString();
  }

  /**
   * Brings the schema up to {@link #CURRENT_VERSION}.
   *
   * @return the versions applied now (empty when the schema was current)
   * @throws CouncilException when the database cannot be reached or a migration fails
   */
  public static List<Integer> migrate(Jdbi jdbi, Tables tables) {
    try {
      List<Integer> applied = jdbi.inTransaction(handle -> apply(handle, tables));
      if (!applied.isEmpty()) {
        LOG.info("council schema with table prefix '{}' migrated to version {}", tables.prefix(),
            applied.get(applied.size() - 1));
      }
      return applied;
    } catch (SQLException | JdbiException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.TRANSIENT,
          "could not migrate the council schema with table prefix '" + tables.prefix() + "': "
              + Failures.describe(e) + " (check that PostgreSQL is reachable and that the user may create"
              + " tables, or set migrate to false and apply db/council/V*.sql with your own tool)"), e);
    }
  }

  /**
   * Checks that the tables exist, for recorders that do not migrate.
   *
   * @throws CouncilException naming the missing tables and how to create them
   */
  public static void verify(Jdbi jdbi, Tables tables) {
    List<String> missing;
    try {
      missing = jdbi.withHandle(handle -> {
        List<String> absent = new ArrayList<>();
        for (String table : List.of(tables.runs(), tables.runEvents(), tables.memberCalls())) {
          boolean exists = handle.createQuery("SELECT to_regclass(:name) IS NOT NULL")
              .bind("name", table)
              .mapTo(Boolean.class)
              .one();
          if (!exists) {
            absent.add(table);
          }
        }
        if (absent.isEmpty()) {
          for (String[] column : new String[][] {{"lease_owner", "2"}, {"trace_context", "4"}}) {
            boolean present = handle.createQuery("SELECT count(*) = 1 FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND table_name = :table AND column_name = :column")
                .bind("table", tables.runs())
                .bind("column", column[0])
                .mapTo(Boolean.class)
                .one();
            if (!present) {
              absent.add(tables.runs() + "." + column[0] + " (version " + column[1] + ")");
            }
          }
        }
        return absent;
      });
    } catch (JdbiException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.TRANSIENT,
          "could not check the council tables with prefix '" + tables.prefix() + "': " + Failures.describe(e)), e);
    }
    if (!missing.isEmpty()) {
      throw new CouncilException(CouncilError.of(ErrorKind.PERMANENT,
          "council tables " + missing + " do not exist and migrate is off: apply db/council/V*.sql"
              + " in order with placeholder prefix=" + tables.prefix() + " using your migration tool (see"
              + " docs/persistence.md), or turn migrate on (council.recorder.jdbi.migrate=true)"));
    }
  }

  private static List<Integer> apply(Handle handle, Tables tables) throws SQLException {
    handle.createQuery("SELECT 1 FROM pg_advisory_xact_lock(:namespace, :key)")
        .bind("namespace", LOCK_NAMESPACE)
        .bind("key", tables.prefix().hashCode())
        .mapTo(Integer.class)
        .one();
    execute(handle, tables.render(SCHEMA_VERSION_DDL));
    int current = handle.createQuery("SELECT coalesce(max(version), 0) FROM " + tables.schemaVersion())
        .mapTo(Integer.class)
        .one();
    List<Integer> applied = new ArrayList<>();
    for (Migration m : MIGRATIONS) {
      if (m.version() > current) {
        execute(handle, tables.render(m.sql()));
        handle.createUpdate("INSERT INTO " + tables.schemaVersion() + " (version, description) VALUES (:v, :d)")
            .bind("v", m.version())
            .bind("d", m.description())
            .execute();
        applied.add(m.version());
      }
    }
    return applied;
  }

  /** Runs DDL text (several statements) on the handle's connection, bypassing JDBI's parameter parser. */
  private static void execute(Handle handle, String sql) throws SQLException {
    try (Statement statement = handle.getConnection().createStatement()) {
      statement.execute(sql);
    }
  }

  private record Migration(int version, String description, String resource) {
    String sql() {
      try (InputStream in = Migrator.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("migration " + resource + " is missing from the council-recorder-jdbi jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read migration " + resource, e);
      }
    }
  }
}
