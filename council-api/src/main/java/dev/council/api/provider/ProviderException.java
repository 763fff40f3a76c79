package dev.council.api.provider;

import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A failed provider call, classified: {@code 401/403} permanent, {@code 408/409/5xx/529} transient,
 * {@code 429} rate-limited with its {@code Retry-After}, an interrupted call cancelled. The message
 * never contains the API key.
 */
public final class ProviderException extends CouncilException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  public ProviderException(ErrorKind kind, String message) {
    this(kind, message, -1, null, null);
  }

  public ProviderException(ErrorKind kind, String message, int httpStatus, @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(CouncilError.of(kind, message).withRetryAfter(retryAfter).withCause(cause), cause);
    this.httpStatus = httpStatus;
  }

  /** The HTTP status that caused it, or -1. */
  public int httpStatus() {
    return httpStatus;
  }

  public @Nullable Duration retryAfter() {
    return error().retryAfter();
  }
}
