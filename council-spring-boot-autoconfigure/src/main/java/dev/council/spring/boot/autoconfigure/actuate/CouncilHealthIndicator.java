package dev.council.spring.boot.autoconfigure.actuate;

import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import java.sql.Connection;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code council} health: {@code UP} with the providers configured, the recorder and, in clustered
 * mode, the cluster members; {@code DOWN} when no provider is configured, when the {@code jdbi} recorder's
 * database does not answer (checked on the application's {@code DataSource} it writes to), when the
 * recorder reports a standing problem ({@link dev.council.api.spi.Recorder#problem()}: e.g. the {@code jdbi}
 * recorder's own {@code council.jdbc.url} database refused the connection at start-up and nothing was
 * written since, or its writes have been failing since the database went away), or when the Hazelcast
 * instance of a clustered engine is not running. Each check answers within about two seconds. Thread-safe.
 */
public final class CouncilHealthIndicator extends AbstractHealthIndicator {
  private static final int VALID_TIMEOUT_SECONDS = 2;

  private final CouncilEngine engine;
  private final Set<String> providerBeans;
  private final @Nullable DataSource recorderDataSource;
  private final @Nullable ClusterView cluster;

  /**
   * @param engine the engine
   * @param providerBeans ids of the application's provider beans
   * @param recorderDataSource the data source the {@code jdbi} recorder writes to, if it is the application's
   * @param cluster the cluster the engine runs in, if clustered
   */
  public CouncilHealthIndicator(CouncilEngine engine, Set<String> providerBeans,
      @Nullable DataSource recorderDataSource, @Nullable ClusterView cluster) {
    super("council health check failed");
    this.engine = engine;
    this.providerBeans = Set.copyOf(providerBeans);
    this.recorderDataSource = recorderDataSource;
    this.cluster = cluster;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    CouncilConfig config = engine.config();
    Set<String> providers = new TreeSet<>(providerBeans);
    providers.addAll(config.children("council.providers"));
    builder.up().withDetail("providers", providers);
    if (providers.isEmpty()) {
      builder.down().withDetail("providersProblem",
          "no provider is configured: set council.providers.<id>.type or define an LlmProvider bean");
    }
    String recorder = config.getString("council.recorder", "none");
    builder.withDetail("recorder", recorder);
    if ("jdbi".equals(recorder) && recorderDataSource != null) {
      String problem = check(recorderDataSource);
      builder.withDetail("recorderReachable", problem == null);
      if (problem != null) {
        builder.down().withDetail("recorderProblem", problem);
      }
    } else {
      // the recorder's own connections are out of reach here: report what it knows (never blocks)
      engine.recorder().problem().ifPresent(problem -> builder.down().withDetail("recorderProblem", problem));
    }
    builder.withDetail("activeRuns", engine.activeRuns().size());
    if (cluster != null) {
      builder.withDetail("clusterMembers", cluster.members());
      if (!cluster.running()) {
        builder.down().withDetail("clusterProblem", "the Hazelcast instance is not running");
      }
    }
  }

  private static @Nullable String check(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      return c.isValid(VALID_TIMEOUT_SECONDS) ? null : "the recorder's database did not answer within "
          + VALID_TIMEOUT_SECONDS + "s";
    } catch (Exception e) {
      return "the recorder's database is unreachable: " + e.getMessage();
    }
  }

  /** What the health reports of the cluster: how many members, whether this node's instance runs. */
  public interface ClusterView {
    /** Members of the cluster this node sees. */
    int members();

    /** Whether this node's instance is running. */
    boolean running();
  }
}
