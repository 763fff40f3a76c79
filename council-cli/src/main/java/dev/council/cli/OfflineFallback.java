package dev.council.cli;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.cli.Seats.Seat;
import dev.council.engine.CouncilEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides, before a run, which members run on the offline {@value #SIMULATED} provider instead of the
 * provider their council names, and rewrites the council accordingly.
 *
 * <p>A provider id is <em>unusable</em> when the engine could not create it here: its factory refuses
 * the configuration because the API key (or another required setting) is missing or malformed. Each
 * provider is probed by asking its factory to create it, which performs no I/O. A provider configured
 * with a type that no plugin provides is not a fallback case: the engine refuses such a configuration
 * when it is built, naming the artifact to add. The rule:
 *
 * <ol>
 *   <li>{@link Mode#OFFLINE} ({@code --offline}, or {@code council.offline=true} /
 *       {@code COUNCIL_OFFLINE=1}): every member not already on an offline provider ({@value #SIMULATED},
 *       {@value #MOCK}) is simulated. No request leaves the machine.
 *   <li>Otherwise, when every provider is usable, nothing changes.
 *   <li>{@link Mode#FALLBACK} ({@code --provider-fallback}): members on unusable providers are
 *       simulated; the usable providers stay real.
 *   <li>{@link Mode#AUTO} (the default): when <em>no</em> provider of the council other than the
 *       offline ones is usable (a machine without API keys), every member on an unusable provider is
 *       simulated. When some are usable and some not, nothing is simulated silently: the run is refused
 *       with a message naming each unusable provider, why, and the flags that allow the fallback.
 *   <li>{@link Mode#NEVER} ({@code --no-fallback}): any unusable provider refuses the run.
 * </ol>
 *
 * <p>Every substitution produces notices (printed on standard error) naming the provider, the reason and
 * each member now simulated. Provider ids that are neither configured nor a provider type are left
 * alone: validation reports them as unknown. Stateless apart from the factories it was given.
 */
final class OfflineFallback {
  static final String SIMULATED = "simulated";
  static final String MOCK = "mock";
  private static final String PREFIX = "council.providers.";

  /** How willing the run is to replace providers by the simulated one. */
  enum Mode { AUTO, FALLBACK, OFFLINE, NEVER }

  /**
   * The outcome.
   *
   * @param council the council to run (the original when nothing was substituted)
   * @param notices lines for standard error, each starting with {@code [offline]}
   * @param simulated the seats that run on a simulated provider (substituted or chosen by the file)
   */
  record Plan(Council council, List<String> notices, List<Seat> simulated) {
    Plan {
      notices = List.copyOf(notices);
      simulated = List.copyOf(simulated);
    }
  }

  private final CouncilConfig config;
  private final CouncilEngine engine;
  private final Map<String, LlmProviderFactory> factories;

  /** Plans for runs on {@code engine}, which decides each member's effective provider. */
  OfflineFallback(CouncilConfig config, ClassLoader loader, CouncilEngine engine) {
    this.config = config;
    this.engine = engine;
    Map<String, LlmProviderFactory> byType = new TreeMap<>();
    for (LlmProviderFactory f : ServiceLoader.load(LlmProviderFactory.class, loader)) {
      byType.putIfAbsent(f.type(), f);
    }
    this.factories = byType;
  }

  /**
   * Plans the run of {@code council} in {@code mode}.
   *
   * @throws CouncilException when a provider is unusable and {@code mode} does not allow the fallback
   */
  Plan plan(Council council, Mode mode) {
    List<Seat> seats = Seats.of(council, engine);
    Map<String, List<Seat>> byProvider = new LinkedHashMap<>();
    for (Seat s : seats) {
      if (s.providerId() != null) {
        byProvider.computeIfAbsent(s.providerId(), k -> new ArrayList<>()).add(s);
      }
    }
    Map<String, String> unusable = new LinkedHashMap<>();
    Set<String> usableReal = new LinkedHashSet<>();
    for (String id : byProvider.keySet()) {
      if (isOffline(id)) {
        continue;
      }
      Optional<Status> status = probe(id);
      if (status.isEmpty()) {
        continue;
      }
      if (status.get().problem() == null) {
        usableReal.add(id);
      } else {
        unusable.put(id, status.get().problem());
      }
    }

    Set<String> replace = new LinkedHashSet<>();
    List<String> notices = new ArrayList<>();
    if (mode == Mode.OFFLINE) {
      byProvider.keySet().stream().filter(id -> !isOffline(id)).forEach(replace::add);
      if (!replace.isEmpty()) {
        notices.add("[offline] offline mode (--offline or COUNCIL_OFFLINE): no request leaves this machine");
      }
    } else if (!unusable.isEmpty()) {
      boolean allow = mode == Mode.FALLBACK || (mode == Mode.AUTO && usableReal.isEmpty());
      if (!allow) {
        throw new CouncilException(ErrorKind.VALIDATION, refusal(unusable, byProvider, usableReal, mode));
      }
      replace.addAll(unusable.keySet());
      if (mode == Mode.AUTO) {
        notices.add("[offline] no provider of this council can be used here, so its members fall back to the"
            + " simulated provider (pass --no-fallback to fail instead)");
      }
    }
    for (String id : replace) {
      String why = unusable.get(id);
      if (why != null) {
        notices.add("[offline] provider '" + id + "' cannot be used: " + why);
      }
      for (Seat s : byProvider.get(id)) {
        notices.add("[offline] member " + s.describe() + " uses the simulated provider instead of '" + id
            + "'; its answers are simulated");
      }
    }
    Council rewritten = replace.isEmpty() ? council : Seats.rewrite(council, engine,
        (m, provider) -> provider != null && replace.contains(provider) ? m.toBuilder().provider(SIMULATED).build() : m);
    List<Seat> simulated = Seats.of(rewritten, engine).stream()
        .filter(s -> s.providerId() != null && typeOf(s.providerId()).equals(SIMULATED))
        .toList();
    return new Plan(rewritten, notices, simulated);
  }

  /**
   * Whether the provider can be created; empty when no plugin has its type (validation then reports the
   * id as unknown; a configured type without a plugin already stopped the engine from being built).
   */
  Optional<Status> probe(String providerId) {
    String type = typeOf(providerId);
    LlmProviderFactory factory = factories.get(type);
    if (factory == null) {
      return Optional.empty();
    }
    try (LlmProvider provider = factory.create(providerId, config)) {
      return Optional.of(new Status(null));
    } catch (ConfigException e) {
      return Optional.of(new Status(String.join("; ", e.problems())));
    } catch (RuntimeException e) {
      return Optional.of(new Status(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  /** @param problem why the provider cannot be created, or null when it can */
  record Status(@Nullable String problem) {}

  private boolean isOffline(String providerId) {
    String type = typeOf(providerId);
    return type.equals(SIMULATED) || type.equals(MOCK);
  }

  private String typeOf(String providerId) {
    return config.get(PREFIX + providerId + ".type").orElse(providerId);
  }

  private static String refusal(Map<String, String> unusable, Map<String, List<Seat>> byProvider,
      Set<String> usableReal, Mode mode) {
    String nl = System.lineSeparator();
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : unusable.entrySet()) {
      sb.append("provider '").append(e.getKey()).append("' cannot be used: ").append(e.getValue())
          .append(" (members: ")
          .append(byProvider.get(e.getKey()).stream().map(Seat::describe).collect(Collectors.joining(", ")))
          .append(')').append(nl);
    }
    if (mode == Mode.NEVER) {
      sb.append("--no-fallback was given, so no member is replaced by the simulated provider. Make the")
          .append(" providers above usable (set the variables they name, or configure them with --config FILE),")
          .append(" or drop --no-fallback.");
    } else {
      sb.append("Other providers of this council can be used (").append(String.join(", ", usableReal))
          .append("), so council does not simulate part of it without being asked. Make the providers above")
          .append(" usable (set the variables they name, or configure them with --config FILE), or pass")
          .append(" --provider-fallback to run those members on the simulated provider (their answers are then")
          .append(" simulated), or --offline to simulate every member.");
    }
    return sb.toString();
  }
}
