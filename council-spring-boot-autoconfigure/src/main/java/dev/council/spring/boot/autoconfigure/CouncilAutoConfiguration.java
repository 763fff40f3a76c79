package dev.council.spring.boot.autoconfigure;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.Profile;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.RunTracer;
import dev.council.api.spi.Tool;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.Councils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternUtils;

/**
 * Auto-configures a {@link CouncilEngine} from the {@code council.*} properties and the application's
 * beans, the {@link CouncilDefinitions} loaded from {@code council.spring.councils}, and the engine's
 * graceful drain when the context closes. See {@code docs/spring-boot.md}.
 *
 * <p>Beans used when the application defines them: every {@link LlmProvider} (registered under its
 * {@link LlmProvider#id()}, which profiles name in {@code provider}), {@link LlmProviderFactory},
 * {@link Tool}, {@link RoundType}, {@link Aggregator}, {@link RunTracer}, {@link Profile} and {@link Council};
 * a single {@link Recorder} (which replaces {@code council.recorder}); the {@code DataSource} for the
 * {@code jdbi} recorder ({@code council.recorder=jdbi} without {@code council.jdbc.url}); the {@code HazelcastInstance} for
 * clustered mode; the {@code OpenTelemetry} instance, shared with plugins that read it; and
 * {@link CouncilConfigCustomizer}s and {@link CouncilEngineCustomizer}s.
 */
@AutoConfiguration
@EnableConfigurationProperties(CouncilProperties.class)
public final class CouncilAutoConfiguration {

  /** Created by Spring. */
  public CouncilAutoConfiguration() {}

  /**
   * The councils of {@code council.spring.councils} and the application's {@link Council} beans.
   *
   * @throws IllegalStateException naming the file when a council file cannot be read or parsed
   */
  @Bean
  @ConditionalOnMissingBean
  public CouncilDefinitions councilDefinitions(CouncilProperties properties, ResourceLoader resourceLoader,
      ObjectProvider<Council> councilBeans) {
    List<Council> councils = new ArrayList<>();
    ResourcePatternResolver resolver = ResourcePatternUtils.getResourcePatternResolver(resourceLoader);
    String location = properties.spring().councils();
    Resource[] resources;
    try {
      resources = resolver.getResources(location);
    } catch (IOException e) {
      throw new IllegalStateException("cannot list council files at council.spring.councils=" + location
          + ": " + e.getMessage(), e);
    }
    Arrays.sort(resources, Comparator.comparing(r -> String.valueOf(r.getFilename())));
    for (Resource r : resources) {
      councils.add(load(r));
    }
    councilBeans.orderedStream().forEach(councils::add);
    return new CouncilDefinitions(councils);
  }

  private static Council load(Resource resource) {
    String json;
    try (InputStream in = resource.getInputStream()) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read council file " + resource.getDescription() + ": "
          + e.getMessage(), e);
    }
    try {
      return Councils.fromJson(json);
    } catch (CouncilException e) {
      throw new IllegalStateException("council file " + resource.getDescription() + " is not a valid council: "
          + e.getMessage(), e);
    }
  }

  /**
   * The engine. Closed with the {@code council.shutdown.drain} period when the context stops (see
   * {@link #councilEngineLifecycle}), and again (harmlessly) when it is destroyed.
   *
   * @throws dev.council.api.config.ConfigException listing every configuration problem (reported by
   *     {@link CouncilConfigFailureAnalyzer})
   */
  @Bean
  @ConditionalOnMissingBean
  public CouncilEngine councilEngine(Environment environment, CouncilProperties properties,
      CouncilDefinitions councils,
      ObjectProvider<CouncilConfigCustomizer> configCustomizers,
      ObjectProvider<CouncilEngineCustomizer> engineCustomizers,
      ObjectProvider<LlmProvider> providers, ObjectProvider<LlmProviderFactory> providerFactories,
      ObjectProvider<Tool> tools, ObjectProvider<RoundType> roundTypes, ObjectProvider<Aggregator> aggregators,
      ObjectProvider<RunTracer> tracers, ObjectProvider<Profile> profiles, ObjectProvider<Recorder> recorder) {
    CouncilConfig.Builder config = CouncilConfig.builder()
        .classLoader(CouncilAutoConfiguration.class.getClassLoader())
        .setAll(CouncilConfigBridge.values(environment));
    configCustomizers.orderedStream().forEach(c -> c.customize(config));
    CouncilEngine.Builder builder = CouncilEngine.builder().config(config.build());
    Map<String, LlmProvider> byId = new HashMap<>();
    providers.orderedStream().forEach(p -> {
      LlmProvider earlier = byId.putIfAbsent(p.id(), p);
      if (earlier != null) {
        throw new IllegalStateException("two LlmProvider beans have the id '" + p.id() + "' (" + earlier + " and "
            + p + "): a provider is registered under its id(), so give each a distinct one");
      }
      builder.provider(p.id(), p);
    });
    providerFactories.orderedStream().forEach(builder::providerFactory);
    tools.orderedStream().forEach(builder::tool);
    roundTypes.orderedStream().forEach(builder::roundType);
    aggregators.orderedStream().forEach(builder::aggregator);
    tracers.orderedStream().forEach(builder::tracer);
    profiles.orderedStream().forEach(builder::profile);
    Recorder appRecorder = recorder.getIfUnique();
    if (appRecorder != null) {
      builder.recorder(appRecorder);
    }
    for (Council c : councils.all()) {
      builder.council(c.id(), c);
    }
    engineCustomizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /** Drains and closes the engine when the context stops, before the web server stops. */
  @Bean
  CouncilEngineLifecycle councilEngineLifecycle(CouncilEngine engine) {
    return new CouncilEngineLifecycle(engine, drainOf(engine));
  }

  /**
   * Whether the {@code jdbi} recorder takes its connections from the application's {@code DataSource}:
   * {@code council.recorder=jdbi} and no {@code council.jdbc.url} of its own.
   */
  public static boolean usesAppDataSource(Environment environment) {
    return "jdbi".equalsIgnoreCase(environment.getProperty("council.recorder", ""))
        && environment.getProperty("council.jdbc.url") == null;
  }

  static Duration drainOf(CouncilEngine engine) {
    return engine.config().getDuration("council.shutdown.drain", Duration.ZERO);
  }

  /** Shares the application's {@code DataSource} with the {@code jdbi} recorder. */
  @Configuration(proxyBeanMethods = false)
  static class DataSourceSharing {
    @Bean
    CouncilConfigCustomizer councilDataSourceSharing(ObjectProvider<DataSource> dataSource, Environment environment) {
      return config -> {
        if (usesAppDataSource(environment)) {
          DataSource ds = dataSource.getIfUnique();
          if (ds != null) {
            config.share(DataSource.class, ds);
          }
        }
      };
    }
  }

  /** Shares the application's {@code HazelcastInstance} with the clustered pubsub, registry and recorder. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "com.hazelcast.core.HazelcastInstance")
  static class HazelcastSharing {
    @Bean
    CouncilConfigCustomizer councilHazelcastSharing(
        ObjectProvider<com.hazelcast.core.HazelcastInstance> hazelcast) {
      return config -> {
        com.hazelcast.core.HazelcastInstance instance = hazelcast.getIfUnique();
        if (instance != null) {
          config.share(com.hazelcast.core.HazelcastInstance.class, instance);
        }
      };
    }
  }

  /**
   * Shares the application's {@code OpenTelemetry} with plugins that read it through
   * {@link CouncilConfig#shared}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.opentelemetry.api.OpenTelemetry")
  static class OpenTelemetrySharing {
    @Bean
    CouncilConfigCustomizer councilOpenTelemetrySharing(
        ObjectProvider<io.opentelemetry.api.OpenTelemetry> openTelemetry) {
      return config -> {
        io.opentelemetry.api.OpenTelemetry otel = openTelemetry.getIfUnique();
        if (otel != null) {
          config.share(io.opentelemetry.api.OpenTelemetry.class, otel);
        }
      };
    }
  }
}
