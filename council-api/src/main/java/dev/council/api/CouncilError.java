package dev.council.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure inside a run, as data: it travels in results, events and recorder rows.
 *
 * @param kind what kind of failure, which decides retrying
 * @param message a human-readable description that never contains secrets
 * @param memberId the member that failed, when a member failed
 * @param round the round name, when the failure belongs to a round
 * @param retryAfter how long the provider asked us to wait, for {@link ErrorKind#RATE_LIMITED}
 * @param cause the class name and message of the underlying exception, when there was one
 */
public record CouncilError(
    ErrorKind kind,
    String message,
    @Nullable String memberId,
    @Nullable String round,
    @Nullable Duration retryAfter,
    @Nullable String cause)
    implements Serializable {

  public CouncilError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  public static CouncilError of(ErrorKind kind, String message) {
    return new CouncilError(kind, message, null, null, null, null);
  }

  /** Whether the call that produced this error may be attempted again. */
  public boolean retryable() {
    return kind.retryable();
  }

  public CouncilError withMember(@Nullable String memberId, @Nullable String round) {
    return new CouncilError(kind, message, memberId, round, retryAfter, cause);
  }

  public CouncilError withRetryAfter(@Nullable Duration retryAfter) {
    return new CouncilError(kind, message, memberId, round, retryAfter, cause);
  }

  public CouncilError withCause(@Nullable Throwable throwable) {
    String c = throwable == null ? null : throwable.getClass().getName() + ": " + throwable.getMessage();
    return new CouncilError(kind, message, memberId, round, retryAfter, c);
  }
}
