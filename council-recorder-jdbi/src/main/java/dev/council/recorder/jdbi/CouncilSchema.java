package dev.council.recorder.jdbi;

import dev.council.recorder.jdbi.internal.Migrator;
import dev.council.recorder.jdbi.internal.Tables;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The recorder's versioned schema: tables {@code <prefix>runs}, {@code <prefix>run_events},
 * {@code <prefix>member_calls}, {@code <prefix>reliability} (the {@link JdbiReliabilityStore}) and
 * {@code <prefix>schema_version}. The migrations ship in the jar as
 * {@code db/council/V<n>__<name>.sql} with the placeholder {@code ${prefix}}. Stateless; only
 * {@link #migrate} does I/O.
 */
public final class CouncilSchema {
  /** The schema version this module reads and writes. */
  public static final int VERSION = Migrator.CURRENT_VERSION;

  private CouncilSchema() {}

  /**
   * Every migration's SQL with {@code tablePrefix} substituted, for applications that create tables with
   * their own migration tool. Each statement is idempotent ({@code IF NOT EXISTS}).
   *
   * @throws dev.council.api.config.ConfigException when the prefix is not a valid identifier
   */
  public static String sql(String tablePrefix) {
    return Migrator.script(Tables.of(tablePrefix));
  }

  /**
   * Creates or upgrades the tables with {@code tablePrefix} to {@link #VERSION}, in one transaction,
   * holding a PostgreSQL advisory lock so concurrent starts do not race. Blocks on the database.
   *
   * @return the versions applied now; empty when the schema was already current
   * @throws dev.council.api.CouncilException when the database cannot be reached or a migration fails
   */
  public static List<Integer> migrate(Jdbi jdbi, String tablePrefix) {
    return Migrator.migrate(Objects.requireNonNull(jdbi, "jdbi"), Tables.of(tablePrefix));
  }
}
