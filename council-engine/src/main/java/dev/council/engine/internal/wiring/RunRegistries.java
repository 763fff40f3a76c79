package dev.council.engine.internal.wiring;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.RunRegistry;
import dev.council.api.spi.RunRegistryFactory;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run registries of one engine, by name: {@value #DEFAULT} for runs started without a registry
 * option, and one per tenant name otherwise. Each is created on first use by the selected {@link
 * RunRegistryFactory} and kept until {@link #close()}.
 *
 * <p>Thread-safe; {@link #get} may call the factory (which does no I/O) once per name.
 */
public final class RunRegistries implements AutoCloseable {
  /** The name of the registry runs use unless their options name another. */
  public static final String DEFAULT = "default";

  private static final Logger LOG = LoggerFactory.getLogger(RunRegistries.class);

  private final RunRegistryFactory factory;
  private final CouncilConfig config;
  private final ConcurrentMap<String, RunRegistry> registries = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public RunRegistries(RunRegistryFactory factory, CouncilConfig config) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * The registry named {@code registryName}, created on first use.
   *
   * @throws IllegalArgumentException when the name is blank
   * @throws IllegalStateException after {@link #close()}
   */
  public RunRegistry get(String registryName) {
    if (registryName.isBlank()) {
      throw new IllegalArgumentException("registry name must not be blank; use '" + DEFAULT + "' or a tenant name");
    }
    ensureOpen();
    RunRegistry registry = registries.computeIfAbsent(registryName, name -> factory.create(name, config));
    if (closed) {
      closeQuietly(registryName, registry);
      ensureOpen();
    }
    return registry;
  }

  /** The {@value #DEFAULT} registry. */
  public RunRegistry defaultRegistry() {
    return get(DEFAULT);
  }

  /** The names of the registries created so far. */
  public Set<String> names() {
    return Set.copyOf(registries.keySet());
  }

  /** Closes every registry created; later {@link #get} calls fail. Idempotent. */
  @Override
  public void close() {
    closed = true;
    registries.forEach(this::closeQuietly);
    registries.clear();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the engine's run registries are closed: the engine was closed");
    }
  }

  private void closeQuietly(String name, RunRegistry registry) {
    try {
      registry.close();
    } catch (RuntimeException e) {
      LOG.warn("closing run registry '{}' failed", name, e);
    }
  }
}
