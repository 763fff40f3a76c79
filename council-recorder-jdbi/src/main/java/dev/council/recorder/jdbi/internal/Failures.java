package dev.council.recorder.jdbi.internal;

import java.sql.SQLException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tells write failures that retrying can cure (the database is down, restarting, overloaded, the
 * schema not there yet) from failures caused by the data itself, which would fail forever. Stateless.
 */
public final class Failures {
  /** SQLSTATE classes of data errors: 22 data exception, 23 integrity constraint violation. */
  private static final Set<String> PERMANENT_CLASSES = Set.of("22", "23");

  private Failures() {}

  /** Whether writing the same rows again cannot succeed. Anything not known to be the data's fault is retried. */
  static boolean permanent(Throwable failure) {
    String state = sqlState(failure);
    return state != null && state.length() >= 2 && PERMANENT_CLASSES.contains(state.substring(0, 2));
  }

  /** A one-line description of the root cause, for logs and exception messages. */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String state = sqlState(failure);
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    return state == null ? message : message + " (SQLSTATE " + state + ")";
  }

  private static @Nullable String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException s = sql; s != null; s = s.getNextException()) {
          if (s.getSQLState() != null) {
            return s.getSQLState();
          }
        }
      }
    }
    return null;
  }
}
