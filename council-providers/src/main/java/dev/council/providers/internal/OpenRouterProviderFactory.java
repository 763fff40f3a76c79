package dev.council.providers.internal;

import dev.council.api.config.CouncilConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates {@code openrouter} providers: the OpenAI protocol at {@code https://openrouter.ai/api/v1}, plus
 * OpenRouter's attribution headers ({@code referer} → {@code HTTP-Referer}, {@code title} → {@code X-Title},
 * default {@code council}) and the cost it reports in {@code usage.cost}. Environment:
 * {@code OPENROUTER_API_KEY}, {@code OPENROUTER_BASE_URL}.
 *
 * <p>Stateless and thread-safe; {@link #create} does no I/O.
 */
public final class OpenRouterProviderFactory extends AdapterFactory<OpenAiProvider> {
  static final String TYPE = "openrouter";
  static final String DEFAULT_BASE_URL = "https://openrouter.ai/api/v1";
  static final String DEFAULT_TITLE = "council";
  static final ProviderSettings.Defaults DEFAULTS = new ProviderSettings.Defaults(TYPE, DEFAULT_BASE_URL,
      List.of("OPENROUTER_BASE_URL"), List.of("OPENROUTER_API_KEY"));

  /** The factory the service loader creates. */
  public OpenRouterProviderFactory() {
    super(TYPE);
  }

  @Override
  OpenAiProvider create(String providerId, CouncilConfig config, Clock clock) {
    return assemble(providerId, config, DEFAULTS, clock, (problems, settings) -> {
      Boolean strict = problems.read(() -> config.getBoolean(ProviderSettings.key(providerId, "strict-output"), true));
      return (s, transport) -> {
        Map<String, String> headers = new LinkedHashMap<>();
        config.get(ProviderSettings.key(providerId, "referer")).ifPresent(v -> headers.put("HTTP-Referer", v));
        headers.put("X-Title", config.getString(ProviderSettings.key(providerId, "title"), DEFAULT_TITLE));
        return new OpenAiProvider(s, new OpenAiProvider.Options("max_tokens", Objects.requireNonNull(strict), true,
            headers), transport);
      };
    });
  }
}
