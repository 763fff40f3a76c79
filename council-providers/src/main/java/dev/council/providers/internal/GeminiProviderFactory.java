package dev.council.providers.internal;

import dev.council.api.config.CouncilConfig;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Creates {@code gemini} providers (the Gemini API). Settings under {@code council.providers.<id>.}: the
 * common ones (see {@link ProviderSettings}) plus {@code schema-dialect}: {@code openapi} (default; sends
 * {@code responseSchema}/{@code parameters} in Gemini's OpenAPI subset) or {@code json-schema} (sends
 * {@code responseJsonSchema}/{@code parametersJsonSchema} unchanged; Gemini 2.5 and later). Environment:
 * {@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY}, {@code GEMINI_BASE_URL}.
 *
 * <p>Stateless and thread-safe; {@link #create} does no I/O.
 */
public final class GeminiProviderFactory extends AdapterFactory<GeminiProvider> {
  static final String TYPE = "gemini";
  static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
  static final ProviderSettings.Defaults DEFAULTS = new ProviderSettings.Defaults(TYPE, DEFAULT_BASE_URL,
      List.of("GEMINI_BASE_URL"), List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"));

  /** The factory the service loader creates. */
  public GeminiProviderFactory() {
    super(TYPE);
  }

  @Override
  GeminiProvider create(String providerId, CouncilConfig config, Clock clock) {
    return assemble(providerId, config, DEFAULTS, clock, (problems, settings) -> {
      GeminiProvider.SchemaDialect dialect = problems.read(() -> config.getEnum(
          ProviderSettings.key(providerId, "schema-dialect"), GeminiProvider.SchemaDialect.class,
          GeminiProvider.SchemaDialect.OPENAPI));
      return (s, transport) -> new GeminiProvider(s, Objects.requireNonNull(dialect), transport);
    });
  }
}
