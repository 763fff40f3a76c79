package dev.council.engine.internal.wiring;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM providers of one engine, by provider id. An id is known when it is overridden in code,
 * configured ({@code council.providers.<id>.type}, or any {@code council.providers.<id>.*} key, the
 * type then defaulting to the id), or equal to a provider type (so {@code mock} works with no
 * configuration). Each provider is created on first use, once, and kept until {@link #close()}.
 *
 * <p>Thread-safe; {@link #get} may call a factory (which does no I/O) once per id.
 */
public final class LlmProviders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LlmProviders.class);
  private static final String PREFIX = "council.providers";

  private final CouncilConfig config;
  private final Map<String, LlmProviderFactory> factories;
  private final Map<String, LlmProvider> overrides;
  private final Set<String> configured;
  private final ConcurrentMap<String, LlmProvider> created = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param discovered provider factories found on the class path
   * @param overrides provider instances and factories given in code; they win over discovered ones
   */
  public LlmProviders(Collection<LlmProviderFactory> discovered, EngineOverrides overrides, CouncilConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    Map<String, LlmProviderFactory> byType = new TreeMap<>();
    discovered.forEach(f -> byType.put(f.type(), f));
    byType.putAll(overrides.providerFactories());
    this.factories = Collections.unmodifiableMap(byType);
    this.overrides = overrides.providers();
    this.configured = config.children(PREFIX);
  }

  /**
   * The provider for {@code providerId}, created on first use.
   *
   * @throws CouncilException when the id is unknown, saying how to configure it
   */
  public LlmProvider get(String providerId) {
    return find(providerId).orElseThrow(() -> new CouncilException(ErrorKind.VALIDATION, unknown(providerId)));
  }

  /**
   * The provider for {@code providerId} if the id is known, created on first use.
   *
   * @throws CouncilException when the id is configured but its type has no factory
   */
  public Optional<LlmProvider> find(String providerId) {
    LlmProvider overridden = overrides.get(providerId);
    if (overridden != null) {
      return Optional.of(overridden);
    }
    if (!isKnown(providerId)) {
      return Optional.empty();
    }
    ensureOpen();
    LlmProvider provider = created.computeIfAbsent(providerId, this::create);
    if (closed) {
      closeQuietly(providerId, provider);
      ensureOpen();
    }
    return Optional.of(provider);
  }

  /** Ids configured under {@code council.providers.} plus ids overridden in code. */
  public Set<String> configuredIds() {
    Set<String> ids = new TreeSet<>(configured);
    ids.addAll(overrides.keySet());
    return Collections.unmodifiableSet(ids);
  }

  /** The provider types available (discovered factories plus factories given in code). */
  public Set<String> types() {
    return factories.keySet();
  }

  /** Whether {@link #find} would return a provider (or fail on a missing type) for this id. */
  public boolean isKnown(String providerId) {
    return overrides.containsKey(providerId) || configured.contains(providerId) || factories.containsKey(providerId);
  }

  /**
   * Problems with the configured providers: an id whose type has no factory. Empty when all is well.
   * Ids overridden in code are not checked.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (String id : configured) {
      if (!overrides.containsKey(id)) {
        typeProblem(id).ifPresent(problems::add);
      }
    }
    return problems;
  }

  /** Closes every provider created and every provider given in code. Idempotent. */
  @Override
  public void close() {
    closed = true;
    created.forEach(this::closeQuietly);
    created.clear();
    overrides.forEach(this::closeQuietly);
  }

  private LlmProvider create(String providerId) {
    typeProblem(providerId).ifPresent(p -> {
      throw new CouncilException(ErrorKind.VALIDATION, p);
    });
    LlmProvider provider = factories.get(typeOf(providerId)).create(providerId, config);
    LOG.debug("created provider '{}' of type '{}'", providerId, typeOf(providerId));
    return provider;
  }

  private String typeOf(String providerId) {
    return config.get(typeKey(providerId)).orElse(providerId);
  }

  private Optional<String> typeProblem(String providerId) {
    String type = typeOf(providerId);
    if (factories.containsKey(type)) {
      return Optional.empty();
    }
    if (config.get(typeKey(providerId)).isPresent()) {
      return Optional.of(MissingPlugins.message(typeKey(providerId), type, LlmProviderFactory.class, types()));
    }
    return Optional.of(PREFIX + "." + providerId + " is configured but " + typeKey(providerId)
        + " is not set, and no LlmProviderFactory has type '" + providerId + "'. Available: " + types()
        + ". Set " + typeKey(providerId) + " to one of them. "
        + MissingPlugins.advice(providerId, LlmProviderFactory.class, types()));
  }

  private String unknown(String providerId) {
    return "unknown provider '" + providerId + "': it is not configured (" + typeKey(providerId)
        + ") and no LlmProviderFactory has that type. Configured providers: " + configuredIds()
        + ". Available types: " + types() + ". Set " + typeKey(providerId) + " to one of the types. "
        + MissingPlugins.advice(providerId, LlmProviderFactory.class, knownNames());
  }

  /** Configured ids and available types: what a provider id may be a typo of. */
  private Set<String> knownNames() {
    Set<String> names = new TreeSet<>(configuredIds());
    names.addAll(types());
    return names;
  }

  private static String typeKey(String providerId) {
    return PREFIX + "." + providerId + ".type";
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the engine's providers are closed: the engine was closed");
    }
  }

  private void closeQuietly(String providerId, LlmProvider provider) {
    try {
      provider.close();
    } catch (RuntimeException e) {
      LOG.warn("closing provider '{}' failed", providerId, e);
    }
  }
}
