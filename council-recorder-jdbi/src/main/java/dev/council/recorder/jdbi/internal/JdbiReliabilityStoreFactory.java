package dev.council.recorder.jdbi.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.ReliabilityStore;
import dev.council.api.spi.ReliabilityStoreFactory;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.JdbiReliabilityStore;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates the PostgreSQL reliability store ({@code council.reliability.store=jdbi}) with its own small
 * HikariCP pool, from the recorder's keys: {@code council.jdbc.url} (required), {@code council.jdbc.user},
 * {@code council.jdbc.password}, {@code council.recorder.jdbi.table-prefix} and
 * {@code council.recorder.jdbi.migrate}; plus {@code council.reliability.jdbi.pool-size} (default
 * {@value #DEFAULT_POOL_SIZE}). Stateless and does no I/O: the pool connects on first use.
 */
public final class JdbiReliabilityStoreFactory implements ReliabilityStoreFactory {
  public static final String NAME = "jdbi";
  public static final String POOL_SIZE = "council.reliability.jdbi.pool-size";
  public static final int DEFAULT_POOL_SIZE = 2;

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws ConfigException listing every problem with the configuration at once
   */
  @Override
  public ReliabilityStore create(CouncilConfig config) {
    String url = config.get(JdbiRecorderFactory.URL).orElse("");
    String prefix = config.getString(JdbiRecorderFactory.TABLE_PREFIX, JdbiRecorder.DEFAULT_TABLE_PREFIX);
    int poolSize = config.getInt(POOL_SIZE, DEFAULT_POOL_SIZE);
    List<String> problems = new java.util.ArrayList<>();
    if (!url.startsWith("jdbc:postgresql:")) {
      problems.add("council.reliability.store is 'jdbi' but " + JdbiRecorderFactory.URL + " is '" + url + "': set"
          + " it to the PostgreSQL JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/council");
    }
    if (!prefix.matches(Tables.PREFIX_PATTERN)) {
      problems.add(JdbiRecorderFactory.TABLE_PREFIX + ": " + Tables.problem(prefix));
    }
    if (poolSize < 1) {
      problems.add(POOL_SIZE + " is " + poolSize + " but must be at least 1");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName("council-reliability-jdbi");
    pool.setJdbcUrl(url);
    config.get(JdbiRecorderFactory.USER).ifPresent(pool::setUsername);
    config.getSecret(JdbiRecorderFactory.PASSWORD).ifPresent(s -> pool.setPassword(s.reveal()));
    pool.setMaximumPoolSize(poolSize);
    pool.setMinimumIdle(0);
    pool.setConnectionTimeout(JdbiRecorderFactory.DEFAULT_CONNECTION_TIMEOUT.toMillis());
    pool.setInitializationFailTimeout(-1);
    return JdbiReliabilityStore.owning(Jdbi.create(pool), prefix,
        config.getBoolean(JdbiRecorderFactory.MIGRATE, true), pool);
  }

  @Override
  public String toString() {
    return "JdbiReliabilityStoreFactory{" + NAME + "}";
  }
}
