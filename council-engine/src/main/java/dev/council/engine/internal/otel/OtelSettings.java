package dev.council.engine.internal.otel;

import dev.council.api.config.CouncilConfig;
import java.util.Locale;

/**
 * What the instrumentation emits, read from configuration. Immutable.
 *
 * @param enabled {@value #ENABLED}: false turns the instrumentation off whatever SDK is installed
 * @param captureContent {@value #CAPTURE_CONTENT}, else {@value #CAPTURE_CONTENT_ENV}: whether prompts,
 *     responses and tool arguments/results are recorded on spans
 * @param contentMaxLength {@value #CONTENT_MAX_LENGTH}: the most characters of one captured text kept
 * @param latestExperimental whether {@value #STABILITY_OPT_IN_ENV} lists {@value #LATEST_EXPERIMENTAL}
 */
public record OtelSettings(boolean enabled, boolean captureContent, int contentMaxLength,
    boolean latestExperimental) {

  public static final String ENABLED = "council.otel.enabled";
  public static final String CAPTURE_CONTENT = "council.otel.capture-content";
  public static final String CONTENT_MAX_LENGTH = "council.otel.content-max-length";
  public static final String CAPTURE_CONTENT_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
  public static final String STABILITY_OPT_IN_ENV = "OTEL_SEMCONV_STABILITY_OPT_IN";
  public static final String LATEST_EXPERIMENTAL = "gen_ai_latest_experimental";
  /** The default of {@value #CONTENT_MAX_LENGTH}. */
  public static final int DEFAULT_CONTENT_MAX_LENGTH = 4096;

  public OtelSettings {
    if (contentMaxLength < 16) {
      throw new IllegalArgumentException(CONTENT_MAX_LENGTH + " must be at least 16, was " + contentMaxLength);
    }
  }

  /** The settings {@code config} holds (environment variables read through it). */
  public static OtelSettings from(CouncilConfig config) {
    boolean envCapture = config.env(CAPTURE_CONTENT_ENV).map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
    boolean capture = config.getBoolean(CAPTURE_CONTENT, envCapture);
    int max = config.getInt(CONTENT_MAX_LENGTH, DEFAULT_CONTENT_MAX_LENGTH);
    if (max < 16) {
      throw new dev.council.api.config.ConfigException(java.util.List.of(CONTENT_MAX_LENGTH + " is " + max
          + " but must be at least 16 (characters of one captured prompt or response kept on a span)"));
    }
    boolean latest = false;
    for (String v : config.env(STABILITY_OPT_IN_ENV).orElse("").split(",")) {
      latest |= v.trim().toLowerCase(Locale.ROOT).equals(LATEST_EXPERIMENTAL);
    }
    return new OtelSettings(config.getBoolean(ENABLED, true), capture, max, latest);
  }
}
