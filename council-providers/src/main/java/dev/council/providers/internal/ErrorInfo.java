package dev.council.providers.internal;

import dev.council.api.ErrorKind;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a provider said about a failure, from an error body or an error event in a stream.
 *
 * @param code the provider's error type or status ({@code overloaded_error}, {@code RESOURCE_EXHAUSTED},
 *     {@code rate_limit_exceeded}), or null
 * @param message the provider's message (may be empty)
 * @param kind the kind the code implies regardless of the HTTP status, or null to go by the status
 * @param retryDelay a retry delay found in the body (Gemini's {@code RetryInfo}), or null
 * @param keyRejected whether the body says the API key itself is invalid
 */
record ErrorInfo(@Nullable String code, String message, @Nullable ErrorKind kind, @Nullable Duration retryDelay,
    boolean keyRejected) {

  ErrorInfo {
    Objects.requireNonNull(message, "message");
  }

  static ErrorInfo of(@Nullable String code, String message, @Nullable ErrorKind kind) {
    return new ErrorInfo(code, message, kind, null, false);
  }
}
