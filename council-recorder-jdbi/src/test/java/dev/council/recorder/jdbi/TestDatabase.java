package dev.council.recorder.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL the tests run against, from {@code COUNCIL_TEST_JDBC_URL}, {@code COUNCIL_TEST_JDBC_USER}
 * and {@code COUNCIL_TEST_JDBC_PASSWORD} (defaults: the server {@code scripts/postgres.sh} sets up).
 * A test class that needs it calls {@link #require()}, which fails (never skips) when the server is not
 * reachable.
 */
final class TestDatabase {
  static final String URL = env("COUNCIL_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/council");
  static final String USER = env("COUNCIL_TEST_JDBC_USER", "council");
  static final String PASSWORD = env("COUNCIL_TEST_JDBC_PASSWORD", "council");

  private static volatile boolean reachable;

  private TestDatabase() {}

  /** A non-pooling data source; fails the calling test when PostgreSQL cannot be reached. */
  static DataSource require() {
    DataSource ds = dataSource(URL);
    try (Connection c = ds.getConnection()) {
      reachable = c.isValid(5);
    } catch (SQLException e) {
      String reason = String.valueOf(e.getMessage()).replaceAll("\\.+$", "");
      throw new AssertionError("PostgreSQL is not reachable at " + URL + " as user " + USER + ": " + reason
          + ". Run scripts/postgres.sh (as root) to install and start a local server, or point"
          + " COUNCIL_TEST_JDBC_URL / COUNCIL_TEST_JDBC_USER / COUNCIL_TEST_JDBC_PASSWORD at one.", e);
    }
    return ds;
  }

  static DataSource dataSource(String url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setUser(USER);
    ds.setPassword(PASSWORD);
    ds.setConnectTimeout(5);
    return ds;
  }

  /** A Jdbi over a small pool shared by every test class (connecting with SCRAM per statement is slow). */
  static Jdbi jdbi() {
    if (!reachable) {
      require();
    }
    return SharedPool.JDBI;
  }

  /** The URL with host and port replaced, e.g. to go through a proxy. */
  static String urlVia(String host, int port) {
    URI uri = URI.create(URL.substring("jdbc:".length()));
    return "jdbc:postgresql://" + host + ":" + port + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  static String host() {
    return URI.create(URL.substring("jdbc:".length())).getHost();
  }

  static int port() {
    int port = URI.create(URL.substring("jdbc:".length())).getPort();
    return port < 0 ? 5432 : port;
  }

  /** A table prefix no other test class uses: {@code t_<name>_<random>_}. */
  static String uniquePrefix(String name) {
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return "t_" + name + "_" + HexFormat.of().formatHex(random) + "_";
  }

  /** Drops the tables with {@code prefix}; nothing when the class never got as far as choosing one. */
  static void dropTables(String prefix) {
    if (prefix == null) {
      return;
    }
    jdbi().useHandle(h -> {
      for (String table : List.of("run_events", "runs", "member_calls", "reliability", "schema_version")) {
        h.execute("DROP TABLE IF EXISTS " + prefix + table + " CASCADE");
      }
    });
  }

  /** Created on first use, once {@link #require()} has passed; lives as long as the test JVM. */
  private static final class SharedPool {
    static final Jdbi JDBI = Jdbi.create(pool());

    private static DataSource pool() {
      HikariDataSource pool = new HikariDataSource();
      pool.setPoolName("test-database");
      pool.setJdbcUrl(URL);
      pool.setUsername(USER);
      pool.setPassword(PASSWORD);
      pool.setMaximumPoolSize(4);
      pool.setMinimumIdle(0);
      return pool;
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
