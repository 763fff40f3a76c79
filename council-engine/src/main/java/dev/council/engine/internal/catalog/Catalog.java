package dev.council.engine.internal.catalog;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.Profile;
import dev.council.api.provider.OutputSchema;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.Tool;
import dev.council.engine.internal.wiring.EnginePlugins;
import dev.council.engine.internal.wiring.LlmProviders;
import dev.council.engine.internal.schema.JsonSchemas;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Everything an engine resolves a council's names against: the names registered on the builder and the
 * plugins chosen at wiring (providers, round types, aggregators, tools), with the lookups built on them —
 * a member's effective options (profile precedence), its output schema and its tools.
 *
 * <p>Thread-safe: the plugin maps are immutable and {@link RegisteredNames} is concurrent. Lookups never
 * block and perform no I/O (a provider is created on first use, without I/O).
 */
public final class Catalog {
  private final RegisteredNames names;
  private final LlmProviders providers;
  private final Map<String, RoundType> roundTypes;
  private final Map<String, Aggregator> aggregators;
  private final Map<String, Tool> tools;
  private final @Nullable String defaultProfile;

  /**
   * @param defaultProfile the configured default profile ({@code council.defaults.profile}), or null
   */
  public Catalog(RegisteredNames names, LlmProviders providers, Map<String, RoundType> roundTypes,
      Map<String, Aggregator> aggregators, Map<String, Tool> tools, @Nullable String defaultProfile) {
    this.names = Objects.requireNonNull(names, "names");
    this.providers = Objects.requireNonNull(providers, "providers");
    this.roundTypes = Map.copyOf(roundTypes);
    this.aggregators = Map.copyOf(aggregators);
    this.tools = Map.copyOf(tools);
    this.defaultProfile = defaultProfile;
  }

  /** The catalog of an engine wired with {@code plugins} and the builder's {@code names}. */
  public static Catalog of(EnginePlugins plugins, RegisteredNames names) {
    return new Catalog(names, plugins.providers(), plugins.roundTypes(), plugins.aggregators(), plugins.tools(),
        plugins.settings().defaultProfile());
  }

  /** The names registered on the builder. */
  public RegisteredNames names() { return names; }

  /** The LLM providers by id. */
  public LlmProviders providers() { return providers; }

  /** Round types by name; immutable. */
  public Map<String, RoundType> roundTypes() { return roundTypes; }

  /** Aggregators by name; immutable. */
  public Map<String, Aggregator> aggregators() { return aggregators; }

  /** Tools by name; immutable. */
  public Map<String, Tool> tools() { return tools; }

  /**
   * The round type named {@code name}.
   *
   * @throws CouncilException of kind {@code VALIDATION} naming the available ones when there is none
   */
  public RoundType roundType(String name) {
    RoundType t = roundTypes.get(name);
    if (t == null) {
      throw new CouncilException(ErrorKind.VALIDATION, "unknown round type '" + name + "'. Available: "
          + new TreeSet<>(roundTypes.keySet())
          + dev.council.api.config.Suggestions.afterSentence(name, roundTypes.keySet()));
    }
    return t;
  }

  /**
   * The aggregator named {@code name}.
   *
   * @throws CouncilException of kind {@code VALIDATION} naming the available ones when there is none
   */
  public Aggregator aggregator(String name) {
    Aggregator a = aggregators.get(name);
    if (a == null) {
      throw new CouncilException(ErrorKind.VALIDATION, "unknown aggregator '" + name + "'. Available: "
          + new TreeSet<>(aggregators.keySet())
          + dev.council.api.config.Suggestions.afterSentence(name, aggregators.keySet()));
    }
    return a;
  }

  /**
   * A profile by name: the council's inline profiles first, then registered ones (in code, then from the
   * profiles folder), then the shipped ones ({@link dev.council.engine.ShippedProfiles}).
   */
  public Optional<Profile> profile(Council council, String name) {
    Optional<Profile> inline = council.profile(name);
    if (inline.isPresent()) {
      return inline;
    }
    Optional<Profile> registered = names.profile(name);
    return registered.isPresent() ? registered : dev.council.engine.ShippedProfiles.find(name);
  }

  /**
   * The name of the profile a member runs with, the most specific one named: the member's, else its
   * council's default, else the configured default; null when none is named.
   */
  public @Nullable String profileName(Council council, Member member) {
    if (member.profile() != null) {
      return member.profile();
    }
    return council.defaultProfile() != null ? council.defaultProfile() : defaultProfile;
  }

  /**
   * The options a member runs with: config default profile &lt; council default profile &lt; member
   * profile &lt; inline options. Profiles that do not exist are skipped (validation reports them).
   */
  public MemberOptions effectiveOptions(Council council, Member member) {
    String configDefault = defaultProfile;
    if (configDefault == null && council.defaultProfile() == null && member.profile() == null) {
      return member.options();
    }
    MemberOptions eff = MemberOptions.EMPTY;
    if (configDefault != null) {
      eff = profile(council, configDefault).map(p -> MemberOptions.EMPTY.overriddenBy(p.options())).orElse(eff);
    }
    if (council.defaultProfile() != null) {
      MemberOptions base = eff;
      eff = profile(council, council.defaultProfile()).map(p -> base.overriddenBy(p.options())).orElse(eff);
    }
    if (member.profile() != null) {
      MemberOptions base = eff;
      eff = profile(council, member.profile()).map(p -> base.overriddenBy(p.options())).orElse(eff);
    }
    return eff.overriddenBy(member.options());
  }

  /**
   * The member's output schema: inline, registered by name, or built in ({@code vote}, {@code ranking});
   * null when the options ask for none.
   *
   * @throws CouncilException of kind {@code VALIDATION} when the named schema does not exist
   */
  public @Nullable OutputSchema outputSchema(MemberOptions opts) {
    if (opts.outputSchema() != null) {
      return new OutputSchema("output", opts.outputSchema());
    }
    String ref = opts.outputSchemaRef();
    if (ref == null) {
      return null;
    }
    Optional<Map<String, Object>> schema = schema(ref);
    return new OutputSchema(ref.replaceAll("[^A-Za-z0-9_-]", "_"), schema.orElseThrow(() ->
        new CouncilException(ErrorKind.VALIDATION, "output schema '" + ref + "' is not registered")));
  }

  /** A schema by name: registered on the builder, else built in. */
  public Optional<Map<String, Object>> schema(String name) {
    Optional<Map<String, Object>> registered = names.schema(name);
    return registered.isPresent() ? registered : JsonSchemas.builtin(name);
  }

  /**
   * The member's tools plus the council's tools, without duplicates.
   *
   * @throws CouncilException of kind {@code VALIDATION} when a tool is not registered
   */
  public List<Tool> tools(Council council, MemberOptions opts) {
    if (opts.toolsOrEmpty().isEmpty() && council.tools().isEmpty()) {
      return List.of();
    }
    Set<String> wanted = new LinkedHashSet<>(opts.toolsOrEmpty());
    wanted.addAll(council.tools());
    List<Tool> out = new ArrayList<>();
    for (String name : wanted) {
      Tool t = tools.get(name);
      if (t == null) {
        throw new CouncilException(ErrorKind.VALIDATION, "tool '" + name + "' is not registered");
      }
      out.add(t);
    }
    return out;
  }
}
