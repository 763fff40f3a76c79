package dev.council.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What one invocation of the tool talks to: its output streams and its environment.
 *
 * @param out standard output: results (answers, JSON, diagrams, help)
 * @param err standard error: problems, offline notices, and the timeline under {@code --json}
 * @param env the environment variables configuration and providers read
 * @param handleSignals whether a run is cancelled on Ctrl-C (true only when the tool owns the JVM)
 */
record CliContext(PrintStream out, PrintStream err, Map<String, String> env, boolean handleSignals) {
  CliContext {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
  }
}
