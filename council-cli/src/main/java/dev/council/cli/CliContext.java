package dev.council.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What one invocation of the tool talks to: its output streams, its environment and its plugins folder.
 *
 * @param out standard output: results (answers, JSON, diagrams, help)
 * @param err standard error: problems, offline notices, and the timeline under {@code --json}
 * @param env the environment variables configuration and providers read
 * @param handleSignals whether a run is cancelled on Ctrl-C (true only when the tool owns the JVM)
 * @param plugins the plugins folder; commands discover plugins with {@link #classLoader()}
 */
record CliContext(PrintStream out, PrintStream err, Map<String, String> env, boolean handleSignals,
    Plugins plugins) {
  CliContext {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(plugins, "plugins");
  }

  /** A context whose plugins folder comes from {@code --plugins} or {@code env}'s {@value Plugins#ENV}. */
  CliContext(PrintStream out, PrintStream err, Map<String, String> env, boolean handleSignals) {
    this(out, err, env, handleSignals, new Plugins(env, err));
  }

  /**
   * The class loader to discover plugins with (the tool's class path, then the plugins folder's jars).
   *
   * @throws dev.council.api.CouncilException when the plugins folder cannot be used
   */
  ClassLoader classLoader() {
    return plugins.classLoader();
  }
}
