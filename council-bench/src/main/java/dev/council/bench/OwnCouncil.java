package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.ValidationError;
import dev.council.api.Verbosity;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.engine.json.Councils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A user's council file set up for benchmarking: the council read from its JSON file, the configuration
 * (a {@code council.*} properties file if given, then {@code council.*} system properties and {@code
 * COUNCIL_*} variables, as everywhere else), and the engine to run it on.
 *
 * <p>With the {@link ProviderMode#STAND_IN stand-in} (the default), every provider id the council's
 * model-calling members use (their effective provider, profiles and inline sub-councils included) is
 * configured as the offline {@code simulated} provider with {@code council.providers.<id>.latency} set to
 * the simulated latency: no request leaves the machine, structured rounds (votes, rankings, reviews) get
 * valid answers, and the measured time is the engine's plus the latency you chose. With {@link
 * ProviderMode#CONFIGURED} the providers are used as configured: real models, real cost.
 *
 * <p>{@code council.reap-after} is {@code 0s} unless configured, as in every engine benchmark (finished
 * runs are unregistered at the next start; see docs/benchmarks.md). Not thread-safe to build; the engine it
 * returns is.
 */
public final class OwnCouncil {
  /** The provider setting of a benchmark of your council. */
  public enum ProviderMode {
    /** The offline simulated provider, with a chosen latency, in place of every provider. */
    STAND_IN,
    /** The providers as configured. */
    CONFIGURED;

    /** {@code stand-in} or {@code configured}, as {@code -p provider=} takes it. */
    public static ProviderMode parse(String text) {
      return switch (text.strip()) {
        case "stand-in" -> STAND_IN;
        case "configured" -> CONFIGURED;
        default -> throw new IllegalArgumentException("provider must be 'stand-in' (the simulated provider with"
            + " the chosen latency, the default) or 'configured' (your providers as configured), not '" + text + "'");
      };
    }

    /** The name {@link #parse} takes. */
    public String label() {
      return this == STAND_IN ? "stand-in" : "configured";
    }
  }

  /** The run options of every benchmarked run: verbose output off, everything else from configuration. */
  public static final RunOptions OPTIONS = RunOptions.builder().verbose(Verbosity.OFF).build();

  private final Council council;
  private final CouncilConfig config;
  private final Set<String> providers;

  private OwnCouncil(Council council, CouncilConfig config, Set<String> providers) {
    this.council = council;
    this.config = config;
    this.providers = providers;
  }

  /**
   * Reads {@code councilFile} and prepares its configuration.
   *
   * @param councilFile the council's JSON file
   * @param configFile a {@code council.*} properties file, or null for none
   * @param mode the stand-in or the configured providers
   * @param latency the stand-in's latency per call (ignored for {@link ProviderMode#CONFIGURED})
   * @throws IllegalArgumentException when a file cannot be read, the council is invalid, or the latency is
   *     not a duration; the message says which and what to fix
   */
  public static OwnCouncil load(Path councilFile, @Nullable Path configFile, ProviderMode mode, Duration latency) {
    Objects.requireNonNull(councilFile, "councilFile");
    if (!Files.isRegularFile(councilFile)) {
      throw new IllegalArgumentException("council file " + councilFile.toAbsolutePath() + " does not exist");
    }
    if (configFile != null && !Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException("configuration file " + configFile.toAbsolutePath() + " does not exist");
    }
    Council council = Councils.fromJson(councilFile);
    CouncilConfig base = builder(configFile).build();
    Set<String> providerIds = new LinkedHashSet<>();
    try (CouncilEngine probe = CouncilEngine.builder().config(withoutRecorder(configFile)).build()) {
      collectProviders(council, probe, providerIds);
    }
    CouncilConfig.Builder b = builder(configFile);
    if (base.getString("council.reap-after", null) == null) {
      b.set("council.reap-after", "0s");
    }
    if (mode == ProviderMode.STAND_IN) {
      for (String id : providerIds) {
        b.set("council.providers." + id + ".type", "simulated");
        b.set("council.providers." + id + ".latency", latency.toMillis() + "ms");
      }
    }
    return new OwnCouncil(council, b.build(), Set.copyOf(providerIds));
  }

  /**
   * Parses a latency such as {@code 0ms}, {@code 200ms} or {@code 1s}.
   *
   * @throws IllegalArgumentException when {@code text} is not a duration
   */
  public static Duration latency(String text) {
    return CouncilConfig.parseDuration(text.strip()).orElseThrow(() -> new IllegalArgumentException(
        "latency must be a duration such as 0ms, 200ms or 1s, not '" + text + "'"));
  }

  private static CouncilConfig.Builder builder(@Nullable Path configFile) {
    CouncilConfig.Builder b = CouncilConfig.builder();
    if (configFile != null) {
      b.propertiesFile(configFile);
    }
    return b;
  }

  private static CouncilConfig withoutRecorder(@Nullable Path configFile) {
    return builder(configFile).set("council.recorder", "none").set("council.pubsub", "local")
        .set("council.registry", "local").build();
  }

  private static void collectProviders(Council c, CouncilEngine engine, Set<String> out) {
    List<Member> all = new ArrayList<>(c.members());
    if (c.chair() != null) {
      all.add(c.chair());
    }
    for (Member m : all) {
      if (m.subCouncil() != null) {
        collectProviders(m.subCouncil(), engine, out);
      } else if (!m.isSubCouncil()) {
        String provider = engine.effectiveOptions(c, m).provider();
        if (provider != null) {
          out.add(provider);
        }
      }
    }
  }

  /** The council read from the file. */
  public Council council() {
    return council;
  }

  /** The configuration the engine is built with (stand-in providers included). */
  public CouncilConfig config() {
    return config;
  }

  /** The provider ids the council's members use (the ones the stand-in replaces). */
  public Set<String> providers() {
    return providers;
  }

  /**
   * A new engine for the council; the caller closes it.
   *
   * @throws IllegalArgumentException when the council does not validate on it, listing every problem
   */
  public CouncilEngine engine() {
    CouncilEngine engine = CouncilEngine.builder().config(config).build();
    List<ValidationError> errors = engine.validate(council);
    if (!errors.isEmpty()) {
      engine.close();
      throw new IllegalArgumentException("council '" + council.id() + "' is not valid here:\n" + errors.stream()
          .map(e -> "  " + e.path() + ": [" + e.code() + "] " + e.message()).collect(Collectors.joining("\n"))
          + "\nCheck it with: council validate FILE");
    }
    return engine;
  }

  /**
   * Runs the council once on {@code engine} and counts its member results (the member calls of its
   * rounds; calls inside sub-councils are not counted).
   *
   * @throws IllegalStateException when the run does not complete, with its errors
   */
  public static int checkRun(CouncilEngine engine, Council council, Map<String, Object> input) {
    Result result = engine.run(council, input, OPTIONS);
    if (result.status() != RunStatus.COMPLETED) {
      throw new IllegalStateException("council '" + council.id() + "' did not complete (" + result.status() + "): "
          + result.errors() + "; a benchmark needs a council that completes");
    }
    return result.rounds().stream().mapToInt(r -> r.members().size()).sum();
  }
}
