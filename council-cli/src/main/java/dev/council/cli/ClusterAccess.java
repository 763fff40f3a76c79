package dev.council.cli;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --config} option of the cluster commands ({@code runs}, {@code watch}, {@code cancel}, {@code
 * terminate}) and how they reach the cluster: an engine that owns no runs, connected to the cluster the
 * configuration names. A picocli mixin: one instance per invocation, not thread-safe.
 *
 * <p>With the {@code hazelcast} registry, these commands connect as a Hazelcast <em>client</em> to the
 * members listed in {@code council.hazelcast.members} (unless {@code council.hazelcast.client} or {@code
 * council.hazelcast.config-file} is set, which are then followed as written): a command that only looks at
 * and controls runs should not join the cluster as a member, which would make the members move partitions
 * to it and back for a few seconds' work. They record nothing ({@code council.recorder=none}): they run no
 * council.
 */
final class ClusterAccess {
  static final String MODE = "council.mode";
  static final String REGISTRY = "council.registry";
  static final String RECORDER = "council.recorder";
  private static final String HAZELCAST = "hazelcast";
  private static final String HZ = "council.hazelcast.";

  @Option(names = "--config", paramLabel = "FILE",
      description = "A properties file with the cluster's settings: council.mode=multi-node and the same"
          + " council.hazelcast.* keys (cluster-name, members) as the nodes. See docs/clustering.md.")
  @Nullable Path config;

  /** Whether {@code cfg} shares runs across nodes: multi-node mode, or a registry other than {@code local}. */
  static boolean clustered(CouncilConfig cfg) {
    String mode = cfg.getString(MODE, "single-node").toLowerCase(Locale.ROOT).replace('_', '-');
    String registry = cfg.getString(REGISTRY, mode.equals("multi-node") ? HAZELCAST : "local");
    return !registry.equals("local");
  }

  /**
   * An engine connected to the cluster, for {@code command}.
   *
   * @throws CouncilException when the configuration names no cluster (saying what to configure), cannot be
   *     read, or the cluster cannot be reached
   */
  CouncilEngine connect(CliContext ctx, String command) {
    CouncilConfig cfg = CouncilFiles.config(config, ctx.env());
    if (!clustered(cfg)) {
      throw new CouncilException(ErrorKind.VALIDATION, "council " + command + " needs a cluster, and this"
          + " configuration has none (" + (config == null ? "no --config given" : "council.mode is not multi-node in "
          + config + " nor in the environment") + "). Pass --config FILE with council.mode=multi-node and the cluster's"
          + " council.hazelcast.cluster-name and council.hazelcast.members (the same as on the nodes), or set"
          + " COUNCIL_MODE=multi-node and COUNCIL_HAZELCAST_* variables; see docs/clustering.md.");
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put(RECORDER, "none");
    String addresses = null;
    if (cfg.getString(REGISTRY, HAZELCAST).equals(HAZELCAST) && cfg.get(HZ + "client").isEmpty()
        && cfg.get(HZ + "config-file").isEmpty()) {
      addresses = clientAddresses(cfg);
      overrides.put(HZ + "client", "true");
      overrides.put(HZ + "addresses", addresses);
    }
    try {
      return CouncilEngine.builder().config(ctx.shareTelemetry(cfg.with(overrides))).classLoader(ctx.classLoader())
          .build();
    } catch (CouncilException e) {
      if (addresses == null || e.kind() != ErrorKind.TRANSIENT) {
        throw e;
      }
      throw new CouncilException(ErrorKind.TRANSIENT, "cannot reach cluster '" + cfg.getString(HZ + "cluster-name",
          "council") + "' at " + addresses + " (council.hazelcast.members): is a node of it running? Check that"
          + " council.hazelcast.cluster-name and council.hazelcast.members are the same as on the nodes ("
          + (e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage())
          + ")");
    }
  }

  /** The members a client connects to: {@code members}, each without a port given the members' port. */
  private static String clientAddresses(CouncilConfig cfg) {
    Optional<String> port = cfg.get(HZ + "port");
    return Arrays.stream(cfg.getString(HZ + "members", "127.0.0.1").split(",")).map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(m -> port.isPresent() && !m.contains(":") && !m.contains("-") ? m + ":" + port.get() : m)
        .collect(Collectors.joining(","));
  }

  /**
   * The run {@code runId} anywhere in the cluster, or empty after printing why it is unknown.
   */
  static Optional<RunHandle> find(CouncilEngine engine, String runId, CliContext ctx) {
    Optional<RunHandle> handle = engine.find(runId);
    if (handle.isEmpty()) {
      ctx.err().println(unknown(runId));
    }
    return handle;
  }

  /** The message for a run id no node knows. */
  static String unknown(String runId) {
    return "error: no run '" + runId + "' in the cluster: it was never started, was terminated, or finished"
        + " longer ago than council.reap-after (or its node left the cluster). List the active runs with:"
        + " council runs --config FILE";
  }
}
