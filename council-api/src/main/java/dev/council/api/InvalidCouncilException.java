package dev.council.api;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@code start}/{@code run} when a council does not validate; no provider was called. */
public final class InvalidCouncilException extends CouncilException {
  private static final long serialVersionUID = 1L;

  private final List<ValidationError> errors;

  public InvalidCouncilException(String councilId, List<ValidationError> errors) {
    super(ErrorKind.VALIDATION, describe(councilId, errors));
    this.errors = List.copyOf(errors);
  }

  /** Every problem found, each with a JSON path, a stable code and a message. */
  public List<ValidationError> errors() {
    return errors;
  }

  private static String describe(String councilId, List<ValidationError> errors) {
    return "council '" + councilId + "' is invalid (" + errors.size() + " problem"
        + (errors.size() == 1 ? "" : "s") + "):\n"
        + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
  }
}
