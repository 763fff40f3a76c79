package dev.council.server;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a provider id can be used here: for {@code GET /health/ready} ("providers configured") and the
 * offline fallback of {@code council serve}. Implementations are thread-safe and do no network I/O.
 */
@FunctionalInterface
public interface ProviderCheck {
  /**
   * Why the provider {@code providerId} cannot be used here (e.g. its API key is missing), or empty when
   * it can — or when this check does not know the id (validation reports unknown ids).
   */
  Optional<String> problem(String providerId);

  /**
   * The check the engine itself would fail on at the first call: the {@link LlmProviderFactory} of the
   * provider's type (discovered through {@code loader}) is asked to create it from {@code config}, which
   * performs no I/O; a {@link ConfigException} (a missing or malformed API key, a missing base URL) is
   * the problem. Ids whose type has no factory here (providers given to the engine in code, unknown ids)
   * have none. Each id is checked once (the configuration does not change) and the answer remembered.
   */
  static ProviderCheck factories(CouncilConfig config, ClassLoader loader) {
    Map<String, LlmProviderFactory> byType = new TreeMap<>();
    for (LlmProviderFactory f : ServiceLoader.load(LlmProviderFactory.class, loader)) {
      byType.putIfAbsent(f.type(), f);
    }
    Map<String, Optional<String>> checked = new ConcurrentHashMap<>();
    return providerId -> checked.computeIfAbsent(providerId, id -> probe(id, config, byType));
  }

  private static Optional<String> probe(String providerId, CouncilConfig config,
      Map<String, LlmProviderFactory> byType) {
    String type = config.get("council.providers." + providerId + ".type").orElse(providerId);
    LlmProviderFactory factory = byType.get(type);
    if (factory == null) {
      return Optional.empty();
    }
    try (LlmProvider provider = factory.create(providerId, config)) {
      return Optional.empty();
    } catch (ConfigException e) {
      return Optional.of(String.join("; ", e.problems()));
    } catch (RuntimeException e) {
      return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** A check that finds every provider usable (for tests and embedders that check elsewhere). */
  static ProviderCheck none() {
    return providerId -> Optional.empty();
  }
}
