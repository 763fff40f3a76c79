package dev.council.engine.internal.run;

import org.jspecify.annotations.Nullable;

/**
 * Which attempt of a run this is: a first run, or a re-run of a recorded one (resuming keeps the
 * lineage the run was recorded with). Set by the engine only, never by callers' run options.
 *
 * @param attempt 1 for a first run, one more than its parent's for a re-run
 * @param parentRunId the run this one re-runs, or null for a first run
 */
record Lineage(int attempt, @Nullable String parentRunId) {
  /** A first run: attempt 1, no parent. */
  static final Lineage FIRST = new Lineage(1, null);

  Lineage {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
  }
}
