package dev.council.providers.internal;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Creates {@code openai} providers: OpenAI itself or any OpenAI-compatible server by base URL.
 * Settings under {@code council.providers.<id>.}: the common ones (see {@link ProviderSettings}) plus
 * {@code max-tokens-field} ({@code max_completion_tokens} for api.openai.com, else {@code max_tokens}) and
 * {@code strict-output} (default true). Environment: {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}.
 *
 * <p>Stateless and thread-safe; {@link #create} does no I/O.
 */
public final class OpenAiProviderFactory extends AdapterFactory<OpenAiProvider> {
  static final String TYPE = "openai";
  static final String DEFAULT_BASE_URL = "https://api.openai.com";
  static final ProviderSettings.Defaults DEFAULTS = new ProviderSettings.Defaults(TYPE, DEFAULT_BASE_URL,
      List.of("OPENAI_BASE_URL"), List.of("OPENAI_API_KEY"));
  private static final List<String> TOKEN_FIELDS = List.of("max_completion_tokens", "max_tokens");

  /** The factory the service loader creates. */
  public OpenAiProviderFactory() {
    super(TYPE);
  }

  @Override
  OpenAiProvider create(String providerId, CouncilConfig config, Clock clock) {
    return assemble(providerId, config, DEFAULTS, clock, (problems, settings) -> {
      String tokenField = problems.read(() -> tokenLimitField(providerId, config, settings));
      Boolean strict = problems.read(() -> config.getBoolean(ProviderSettings.key(providerId, "strict-output"), true));
      return (s, transport) -> new OpenAiProvider(s, new OpenAiProvider.Options(Objects.requireNonNull(tokenField),
          Objects.requireNonNull(strict), false, Map.of()), transport);
    });
  }

  private static String tokenLimitField(String providerId, CouncilConfig config,
      @Nullable ProviderSettings settings) {
    String key = ProviderSettings.key(providerId, "max-tokens-field");
    boolean openAi = settings != null && "api.openai.com".equalsIgnoreCase(settings.baseUrl().getHost());
    String field = config.getString(key, openAi ? "max_completion_tokens" : "max_tokens");
    if (!TOKEN_FIELDS.contains(field)) {
      throw new ConfigException(List.of(key + " is '" + field + "' but must be one of " + TOKEN_FIELDS
          + " (the request field that carries the output token limit)"));
    }
    return field;
  }
}
