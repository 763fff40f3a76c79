package dev.council.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The root of council's exception family. Unchecked; carries a {@link CouncilError} describing the
 * failure as data. Messages never contain secrets.
 */
public class CouncilException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final CouncilError error;

  public CouncilException(CouncilError error) {
    super(Objects.requireNonNull(error, "error").message());
    this.error = error;
  }

  public CouncilException(CouncilError error, @Nullable Throwable cause) {
    super(Objects.requireNonNull(error, "error").message(), cause);
    this.error = error;
  }

  public CouncilException(ErrorKind kind, String message) {
    this(CouncilError.of(kind, message));
  }

  public CouncilError error() {
    return error;
  }

  public ErrorKind kind() {
    return error.kind();
  }
}
