package dev.council.spring.boot.autoconfigure.actuate;

import dev.council.api.spi.LlmProvider;
import dev.council.engine.CouncilEngine;
import dev.council.spring.boot.autoconfigure.CouncilAutoConfiguration;
import dev.council.spring.boot.autoconfigure.CouncilDefinitions;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Actuator support: the {@code council} health indicator (with {@code spring-boot-health}), the info
 * contributor (with {@code spring-boot-actuator}) and {@link CouncilMetrics} (with Micrometer): an ordinary
 * {@code RunTracer} bean, which the engine picks up like any other.
 */
@AutoConfiguration(after = CouncilAutoConfiguration.class,
    afterName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
public final class CouncilActuatorAutoConfiguration {

  /** Created by Spring. */
  public CouncilActuatorAutoConfiguration() {}

  /** The health indicator, as the {@code council} contributor. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnBean(CouncilEngine.class)
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "councilHealthIndicator")
    CouncilHealthIndicator councilHealthIndicator(CouncilEngine engine, ObjectProvider<LlmProvider> providers,
        ObjectProvider<DataSource> dataSource, ObjectProvider<CouncilHealthIndicator.ClusterView> cluster, Environment env) {
      Set<String> ids = providers.orderedStream().map(LlmProvider::id).collect(Collectors.toSet());
      DataSource ds = CouncilAutoConfiguration.usesAppDataSource(env) ? dataSource.getIfUnique() : null;
      return new CouncilHealthIndicator(engine, ids, ds, cluster.getIfAvailable());
    }
  }

  /** The cluster view of the health indicator, from the application's Hazelcast instance. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"com.hazelcast.core.HazelcastInstance",
      "org.springframework.boot.health.contributor.HealthIndicator"})
  static class Cluster {
    @Bean
    @ConditionalOnBean(type = "com.hazelcast.core.HazelcastInstance")
    HazelcastClusterView councilClusterView(com.hazelcast.core.HazelcastInstance hazelcast) {
      return new HazelcastClusterView(hazelcast);
    }
  }

  /** Run and member-call metrics. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    CouncilMetrics councilMetrics(ObjectProvider<MeterRegistry> registry) {
      return new CouncilMetrics(registry);
    }
  }

  /** The info contributor. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
  @ConditionalOnBean(CouncilEngine.class)
  static class Info {
    @Bean
    @ConditionalOnMissingBean(name = "councilInfoContributor")
    CouncilInfoContributor councilInfoContributor(CouncilEngine engine, CouncilDefinitions councils) {
      return new CouncilInfoContributor(engine, councils);
    }
  }

  /** The cluster as the application's {@code HazelcastInstance} sees it. */
  static final class HazelcastClusterView implements CouncilHealthIndicator.ClusterView {
    private final com.hazelcast.core.HazelcastInstance hazelcast;

    HazelcastClusterView(com.hazelcast.core.HazelcastInstance hazelcast) {
      this.hazelcast = hazelcast;
    }

    @Override
    public int members() {
      return hazelcast.getLifecycleService().isRunning() ? hazelcast.getCluster().getMembers().size() : 0;
    }

    @Override
    public boolean running() {
      return hazelcast.getLifecycleService().isRunning();
    }
  }
}
