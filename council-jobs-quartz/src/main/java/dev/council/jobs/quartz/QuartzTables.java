package dev.council.jobs.quartz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates the tables of Quartz's JDBC job store ({@code JobStoreTX} with {@code PostgreSQLDelegate}) on
 * PostgreSQL, from the {@code tables_postgres.sql} that Quartz 2.5.2 ships, bundled here as
 * {@code dev/council/jobs/quartz/tables_postgres.sql}. Idempotent: it only creates what is missing (the
 * script's {@code DROP} statements are left out), so it is safe at every start-up. Stateless.
 */
public final class QuartzTables {
  /** Quartz's default table prefix ({@code org.quartz.jobStore.tablePrefix}). */
  public static final String DEFAULT_PREFIX = "QRTZ_";
  /** The bundled script. */
  public static final String SCRIPT = "/dev/council/jobs/quartz/tables_postgres.sql";

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private QuartzTables() {}

  /**
   * Creates the missing Quartz tables and indexes named with {@code tablePrefix} (the same value as
   * {@code org.quartz.jobStore.tablePrefix}), in one transaction.
   *
   * @throws IllegalArgumentException if the prefix is not a plain SQL identifier
   * @throws SQLException if the database refused a statement
   */
  public static void create(DataSource dataSource, String tablePrefix) throws SQLException {
    List<String> statements = statements(tablePrefix);
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** The statements {@link #create} runs, for a migration tool of your own (Flyway, Liquibase). */
  public static List<String> statements(String tablePrefix) {
    if (!PREFIX.matcher(tablePrefix).matches()) {
      throw new IllegalArgumentException("Quartz table prefix '" + tablePrefix + "' must be a plain SQL identifier"
          + " (letters, digits, underscores; not starting with a digit), such as QRTZ_ or council_qrtz_");
    }
    StringBuilder script = new StringBuilder();
    for (String line : read().split("\n")) {
      if (!line.strip().startsWith("--")) {
        script.append(line).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String raw : script.toString().split(";")) {
      String sql = raw.strip();
      String upper = sql.toUpperCase(Locale.ROOT);
      if (sql.isEmpty() || upper.startsWith("DROP ") || upper.equals("COMMIT")) {
        continue;
      }
      sql = sql.replace(DEFAULT_PREFIX, tablePrefix);
      if (upper.startsWith("CREATE TABLE ")) {
        sql = "CREATE TABLE IF NOT EXISTS " + sql.substring("CREATE TABLE ".length());
      } else if (upper.startsWith("CREATE INDEX ")) {
        sql = "CREATE INDEX IF NOT EXISTS " + sql.substring("CREATE INDEX ".length());
      }
      out.add(sql);
    }
    return out;
  }

  private static String read() {
    try (InputStream in = QuartzTables.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the class path; it ships in council-jobs-quartz's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + SCRIPT, e);
    }
  }
}
