package dev.council.jobs.quartz;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The PostgreSQL the tests run against, from {@code COUNCIL_TEST_JDBC_URL}, {@code COUNCIL_TEST_JDBC_USER}
 * and {@code COUNCIL_TEST_JDBC_PASSWORD} (defaults: the server {@code scripts/postgres.sh} sets up).
 * {@link #pool(String)} fails (never skips) when the server is not reachable.
 */
final class TestDatabase {
  static final String URL = env("COUNCIL_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/council");
  static final String USER = env("COUNCIL_TEST_JDBC_USER", "council");
  static final String PASSWORD = env("COUNCIL_TEST_JDBC_PASSWORD", "council");

  private TestDatabase() {}

  /** A small connection pool; fails the calling test when PostgreSQL cannot be reached. */
  static HikariDataSource pool(String name) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName(name);
    pool.setJdbcUrl(URL);
    pool.setUsername(USER);
    pool.setPassword(PASSWORD);
    pool.setMaximumPoolSize(4);
    pool.setMinimumIdle(0);
    pool.setInitializationFailTimeout(-1);
    try (Connection c = pool.getConnection()) {
      c.isValid(5);
    } catch (SQLException e) {
      pool.close();
      throw new AssertionError("PostgreSQL is not reachable at " + URL + " as user " + USER + ": " + e.getMessage()
          + ". Run scripts/postgres.sh (as root) to install and start a local server, or point"
          + " COUNCIL_TEST_JDBC_URL / COUNCIL_TEST_JDBC_USER / COUNCIL_TEST_JDBC_PASSWORD at one.", e);
    }
    return pool;
  }

  static Jdbi jdbi(DataSource ds) {
    return Jdbi.create(ds);
  }

  /** A table prefix no other test uses: {@code t_<name>_<random>_}. */
  static String uniquePrefix(String name) {
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return "t_" + name + "_" + HexFormat.of().formatHex(random) + "_";
  }

  /**
   * Quartz properties for a scheduler named {@code name} with a JDBC job store ({@code JobStoreTX},
   * PostgreSQL delegate) on tables {@code quartzPrefix}, non-clustered: a scheduler of the same name
   * started later, in any JVM, recovers what this one left.
   */
  static Properties quartz(String name, String quartzPrefix) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", name);
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.tablePrefix", quartzPrefix);
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    p.setProperty("org.quartz.jobStore.dataSource", "council");
    p.setProperty("org.quartz.dataSource.council.provider", "hikaricp");
    p.setProperty("org.quartz.dataSource.council.driver", "org.postgresql.Driver");
    p.setProperty("org.quartz.dataSource.council.URL", URL);
    p.setProperty("org.quartz.dataSource.council.user", USER);
    p.setProperty("org.quartz.dataSource.council.password", PASSWORD);
    p.setProperty("org.quartz.dataSource.council.maxConnections", "4");
    return p;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
