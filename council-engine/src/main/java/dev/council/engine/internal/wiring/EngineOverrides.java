package dev.council.engine.internal.wiring;

import dev.council.api.spi.Aggregator;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.ReliabilityStore;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.api.spi.Tool;
import dev.council.api.spi.RunTracer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Plugin instances given in code, which bypass discovery and configuration: an overridden pubsub is
 * used whatever {@code council.pubsub} says, an overridden provider id or round type wins over a
 * discovered one of the same name. Tests and embedders use them. Instances handed over here are owned
 * by the engine afterwards: closing the engine closes them.
 *
 * <p>Immutable and thread-safe; the {@link Builder} is not thread-safe.
 */
public final class EngineOverrides {
  /** No overrides: everything comes from discovery and configuration. */
  public static final EngineOverrides NONE = builder().build();

  private final @Nullable PubSub pubSub;
  private final @Nullable RunRegistryFactory registryFactory;
  private final @Nullable Recorder recorder;
  private final @Nullable ReliabilityStore reliabilityStore;
  private final Map<String, LlmProvider> providers;
  private final Map<String, LlmProviderFactory> providerFactories;
  private final Map<String, RoundType> roundTypes;
  private final Map<String, Aggregator> aggregators;
  private final Map<String, Tool> tools;
  private final List<RunTracer> tracers;

  private EngineOverrides(Builder b) {
    this.pubSub = b.pubSub;
    this.registryFactory = b.registryFactory;
    this.recorder = b.recorder;
    this.reliabilityStore = b.reliabilityStore;
    this.providers = frozen(b.providers);
    this.providerFactories = frozen(b.providerFactories);
    this.roundTypes = frozen(b.roundTypes);
    this.aggregators = frozen(b.aggregators);
    this.tools = frozen(b.tools);
    this.tracers = List.copyOf(b.tracers);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<PubSub> pubSub() {
    return Optional.ofNullable(pubSub);
  }

  public Optional<RunRegistryFactory> registryFactory() {
    return Optional.ofNullable(registryFactory);
  }

  public Optional<Recorder> recorder() {
    return Optional.ofNullable(recorder);
  }

  public Optional<ReliabilityStore> reliabilityStore() {
    return Optional.ofNullable(reliabilityStore);
  }

  /** Provider instances by provider id, in the order given. */
  public Map<String, LlmProvider> providers() {
    return providers;
  }

  /** Provider factories by type, in the order given. */
  public Map<String, LlmProviderFactory> providerFactories() {
    return providerFactories;
  }

  /** Round types by name, in the order given. */
  public Map<String, RoundType> roundTypes() {
    return roundTypes;
  }

  /** Aggregators by name, in the order given. */
  public Map<String, Aggregator> aggregators() {
    return aggregators;
  }

  /** Tools by name, in the order given. */
  public Map<String, Tool> tools() {
    return tools;
  }

  /** Tracers attached to every run, after the configured ones. */
  public List<RunTracer> tracers() {
    return tracers;
  }

  private static <T> Map<String, T> frozen(Map<String, T> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** Collects overrides. A later value for the same name replaces an earlier one. Not thread-safe. */
  public static final class Builder {
    private @Nullable PubSub pubSub;
    private @Nullable RunRegistryFactory registryFactory;
    private @Nullable Recorder recorder;
    private @Nullable ReliabilityStore reliabilityStore;
    private final Map<String, LlmProvider> providers = new LinkedHashMap<>();
    private final Map<String, LlmProviderFactory> providerFactories = new LinkedHashMap<>();
    private final Map<String, RoundType> roundTypes = new LinkedHashMap<>();
    private final Map<String, Aggregator> aggregators = new LinkedHashMap<>();
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final List<RunTracer> tracers = new ArrayList<>();

    private Builder() {}

    public Builder pubSub(PubSub pubSub) {
      this.pubSub = Objects.requireNonNull(pubSub, "pubSub");
      return this;
    }

    public Builder registryFactory(RunRegistryFactory factory) {
      this.registryFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    public Builder recorder(Recorder recorder) {
      this.recorder = Objects.requireNonNull(recorder, "recorder");
      return this;
    }

    /** Uses {@code store} whatever {@code council.reliability.store} says. */
    public Builder reliabilityStore(ReliabilityStore store) {
      this.reliabilityStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Uses {@code provider} for provider id {@code id}, whatever the configuration says. */
    public Builder provider(String id, LlmProvider provider) {
      providers.put(requireName(id, "provider id"), Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /** Adds a provider type, replacing a discovered factory of the same type. */
    public Builder providerFactory(LlmProviderFactory factory) {
      return put(providerFactories, factory, LlmProviderFactory::type, "provider factory type");
    }

    public Builder roundType(RoundType roundType) {
      return put(roundTypes, roundType, RoundType::name, "round type name");
    }

    public Builder aggregator(Aggregator aggregator) {
      return put(aggregators, aggregator, Aggregator::name, "aggregator name");
    }

    public Builder tool(Tool tool) {
      return put(tools, tool, Tool::name, "tool name");
    }

    public Builder tracer(RunTracer tracer) {
      tracers.add(Objects.requireNonNull(tracer, "tracer"));
      return this;
    }

    public EngineOverrides build() {
      return new EngineOverrides(this);
    }

    private <T> Builder put(Map<String, T> into, T value, Function<T, String> nameOf, String what) {
      Objects.requireNonNull(value, what);
      into.put(requireName(nameOf.apply(value), what + " of " + value.getClass().getName()), value);
      return this;
    }

    private static String requireName(@Nullable String name, String what) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return name;
    }
  }
}
