package dev.council.cli;

import dev.council.api.config.CouncilConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What one invocation of the tool talks to: its output streams, its environment, its plugins folder and
 * its OpenTelemetry instance.
 *
 * @param out standard output: results (answers, JSON, diagrams, help)
 * @param err standard error: problems, offline notices, and the timeline under {@code --json}
 * @param env the environment variables configuration and providers read
 * @param handleSignals whether a run is cancelled on Ctrl-C (true only when the tool owns the JVM)
 * @param plugins the plugins folder; commands discover plugins with {@link #classLoader()}
 * @param openTelemetry what engines trace and measure with: the SDK {@link CliTelemetry} configured from
 *     the standard {@code OTEL_*} variables, or the no-op instance when they are not set
 */
record CliContext(PrintStream out, PrintStream err, Map<String, String> env, boolean handleSignals,
    Plugins plugins, OpenTelemetry openTelemetry) {
  CliContext {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(plugins, "plugins");
    Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  /**
   * A context whose plugins folder comes from {@code --plugins} or {@code env}'s {@value Plugins#ENV}, tracing
   * with the no-op instance.
   */
  CliContext(PrintStream out, PrintStream err, Map<String, String> env, boolean handleSignals) {
    this(out, err, env, handleSignals, new Plugins(env, err), OpenTelemetry.noop());
  }

  /**
   * The class loader to discover plugins with (the tool's class path, then the plugins folder's jars).
   *
   * @throws dev.council.api.CouncilException when the plugins folder cannot be used
   */
  ClassLoader classLoader() {
    return plugins.classLoader();
  }

  /** This context with engines tracing through {@code otel}. */
  CliContext withOpenTelemetry(OpenTelemetry otel) {
    return new CliContext(out, err, env, handleSignals, plugins, otel);
  }

  /** {@code cfg} with this invocation's OpenTelemetry instance shared, for the engines built from it. */
  CouncilConfig shareTelemetry(CouncilConfig cfg) {
    return cfg.withShared(OpenTelemetry.class, openTelemetry);
  }
}
