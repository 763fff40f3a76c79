package dev.council.engine.internal.wiring;

import dev.council.api.spi.Aggregator;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.ReliabilityStore;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.Tool;
import dev.council.api.spi.RunTracer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the engine runs with, chosen from discovered plugins by configuration (or given as
 * overrides). Built by {@link Wiring#create}.
 *
 * <p>The collections are immutable; the plugins are thread-safe per their SPIs. {@link #close()}
 * closes the run registries, the pubsub, the recorder and the providers, logging (not throwing) each
 * failure; call it once, after the runs stopped.
 *
 * @param settings the engine-wide settings
 * @param pubSub the event transport
 * @param registries the run registries by name
 * @param recorder the recorder every run is recorded with
 * @param tracers the tracers attached to every run: configured ones, then overrides
 * @param providers the LLM providers by id
 * @param roundTypes round types by name
 * @param aggregators aggregators by name
 * @param tools tools by name
 * @param reliability the store of learned member reliability ({@code council.reliability.store})
 */
public record EnginePlugins(
    EngineSettings settings,
    PubSub pubSub,
    RunRegistries registries,
    Recorder recorder,
    List<RunTracer> tracers,
    LlmProviders providers,
    Map<String, RoundType> roundTypes,
    Map<String, Aggregator> aggregators,
    Map<String, Tool> tools,
    ReliabilityStore reliability)
    implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EnginePlugins.class);

  public EnginePlugins {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(pubSub, "pubSub");
    Objects.requireNonNull(registries, "registries");
    Objects.requireNonNull(recorder, "recorder");
    tracers = List.copyOf(tracers);
    Objects.requireNonNull(providers, "providers");
    roundTypes = Map.copyOf(roundTypes);
    aggregators = Map.copyOf(aggregators);
    tools = Map.copyOf(tools);
    Objects.requireNonNull(reliability, "reliability");
  }

  @Override
  public void close() {
    closeQuietly("run registries", registries);
    closeQuietly("pubsub", pubSub);
    closeQuietly("recorder", recorder);
    closeQuietly("providers", providers);
    closeQuietly("reliability store", reliability);
  }

  static void closeQuietly(String what, AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("closing the {} ({}) failed", what, closeable.getClass().getName(), e);
    }
  }
}
