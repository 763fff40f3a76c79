package dev.council.providers.internal;

import dev.council.api.config.CouncilConfig;
import java.time.Clock;
import java.util.List;

/**
 * Creates {@code ollama} providers (Ollama's native {@code /api/chat}). Settings under
 * {@code council.providers.<id>.}: the common ones (see {@link ProviderSettings}); no key is needed, but
 * one is sent as a bearer token when configured or in {@code OLLAMA_API_KEY} (ollama.com). The base URL
 * defaults to {@code OLLAMA_HOST}, read as Ollama reads it: {@code 127.0.0.1}, {@code localhost:11434} or
 * {@code https://host} all work; without a scheme it is {@code http}, without a port {@code 11434}.
 *
 * <p>Stateless and thread-safe; {@link #create} does no I/O.
 */
public final class OllamaProviderFactory extends AdapterFactory<OllamaProvider> {
  static final String TYPE = "ollama";
  static final int DEFAULT_PORT = 11434;
  static final String DEFAULT_BASE_URL = "http://localhost:" + DEFAULT_PORT;
  static final ProviderSettings.Defaults DEFAULTS = new ProviderSettings.Defaults(TYPE, DEFAULT_BASE_URL,
      List.of("OLLAMA_HOST"), List.of("OLLAMA_API_KEY"), false, OllamaProviderFactory::normalizeHost);

  /** The factory the service loader creates. */
  public OllamaProviderFactory() {
    super(TYPE);
  }

  @Override
  OllamaProvider create(String providerId, CouncilConfig config, Clock clock) {
    return assemble(providerId, config, DEFAULTS, clock,
        (problems, settings) -> OllamaProvider::new);
  }

  /** {@code OLLAMA_HOST} semantics: scheme {@code http} and port {@value #DEFAULT_PORT} when absent. */
  static String normalizeHost(String raw) {
    String s = raw.trim();
    if (s.contains("://")) {
      return s;
    }
    int slash = s.indexOf('/');
    String hostPort = slash < 0 ? s : s.substring(0, slash);
    String path = slash < 0 ? "" : s.substring(slash);
    if (hostPort.isEmpty() || hostPort.startsWith(":")) {
      hostPort = "127.0.0.1" + hostPort;
    }
    boolean hasPort = hostPort.startsWith("[") ? hostPort.contains("]:") : hostPort.contains(":");
    return "http://" + hostPort + (hasPort ? "" : ":" + DEFAULT_PORT) + path;
  }
}
