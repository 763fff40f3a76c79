package dev.council.engine.internal.wiring;

import dev.council.api.spi.Aggregator;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.PubSubFactory;
import dev.council.api.spi.RecorderFactory;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.api.spi.RunTracerFactory;
import dev.council.api.spi.Tool;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One service interface the engine discovers plugins of, with how a plugin of it is named. {@link #ALL}
 * lists every one {@link PluginLoader} is asked for when an engine is wired, in the order tools that
 * list plugins show them. Immutable and thread-safe.
 *
 * @param label what the plugins are called in listings, plural (e.g. {@code providers})
 * @param type the service interface, as named in {@code META-INF/services}
 * @param nameOf reads a plugin's name (a provider factory's type, every other plugin's name)
 * @param <T> the service interface
 */
public record PluginSpi<T>(String label, Class<T> type, Function<T, String> nameOf) {
  /** LLM provider factories, named by the provider type configuration and councils use. */
  public static final PluginSpi<LlmProviderFactory> PROVIDERS =
      new PluginSpi<>("providers", LlmProviderFactory.class, LlmProviderFactory::type);
  /** Recorder factories, named by {@code council.recorder}. */
  public static final PluginSpi<RecorderFactory> RECORDERS =
      new PluginSpi<>("recorders", RecorderFactory.class, RecorderFactory::name);
  /** Pubsub factories, named by {@code council.pubsub}. */
  public static final PluginSpi<PubSubFactory> PUBSUBS =
      new PluginSpi<>("pubsubs", PubSubFactory.class, PubSubFactory::name);
  /** Run-registry factories, named by {@code council.registry}. */
  public static final PluginSpi<RunRegistryFactory> REGISTRIES =
      new PluginSpi<>("registries", RunRegistryFactory.class, RunRegistryFactory::name);
  /** Tracer factories, named by {@code council.tracers}. */
  public static final PluginSpi<RunTracerFactory> TRACERS =
      new PluginSpi<>("tracers", RunTracerFactory.class, RunTracerFactory::name);
  /** Round types, named by a council's rounds. */
  public static final PluginSpi<RoundType> ROUND_TYPES =
      new PluginSpi<>("round types", RoundType.class, RoundType::name);
  /** Aggregators, named by a council's rounds. */
  public static final PluginSpi<Aggregator> AGGREGATORS =
      new PluginSpi<>("aggregators", Aggregator.class, Aggregator::name);
  /** Tools, named by a council's members. */
  public static final PluginSpi<Tool> TOOLS = new PluginSpi<>("tools", Tool.class, Tool::name);

  /** Every service interface the engine discovers plugins of. */
  public static final List<PluginSpi<?>> ALL =
      List.of(PROVIDERS, RECORDERS, PUBSUBS, REGISTRIES, TRACERS, ROUND_TYPES, AGGREGATORS, TOOLS);

  public PluginSpi {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(nameOf, "nameOf");
  }

  /** The services file plugins of this interface are listed in: {@code META-INF/services/<type>}. */
  public String servicesFile() {
    return "META-INF/services/" + type.getName();
  }
}
