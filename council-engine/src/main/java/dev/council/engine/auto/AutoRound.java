package dev.council.engine.auto;

import dev.council.api.AutoChoice;
import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.MemberResult;
import dev.council.api.ResultMetadata;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.ValidationError;
import dev.council.api.provider.EmbeddingRequest;
import dev.council.api.provider.EmbeddingResponse;
import dev.council.api.provider.OutputSchema;
import dev.council.api.spi.InputPredicate;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import dev.council.engine.internal.catalog.Catalog;
import dev.council.engine.internal.catalog.EngineRoundContext;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code auto} round: the one round of an auto council (see {@link AutoCouncil}). It chooses one entry of
 * a catalog of councils for the run's input with a strategy ({@code rules}, {@code cascade},
 * {@code llm_classify}, {@code embedding}), then runs the chosen council as a sub-council whose answer is
 * the round's (and the run's) answer. The choice ({@link AutoChoice}) is in the round's metadata and the
 * result's metadata under {@link ResultMetadata#AUTO}, so it reaches listeners with the round's
 * {@code RoundCompleted} event; the chosen entry's {@code MemberStarted} event marks the moment it was
 * chosen.
 *
 * <p>Options (all validated before any call):
 * <ul>
 *   <li>{@code strategy}: {@code rules} (default), {@code cascade}, {@code llm_classify}, {@code embedding};
 *   <li>{@code chain}: for {@code cascade}, the strategies to try in order, each a name or an object
 *       {@code {"strategy": name, ...options}} overriding this round's options for that step; a cascade
 *       cannot include {@code cascade};
 *   <li>{@code catalog}: {@code members} (default: the council's sub-council members are the entries) or
 *       {@code registry} (the engine's registered councils);
 *   <li>{@code tags}: keep only entries with one of these tags;
 *   <li>{@code onNoMatch}: {@code error} (default: the run fails saying why nothing matched) or
 *       {@code fallback}, with {@code fallback} naming an entry or a registered council;
 *   <li>{@code providerCheck}: when true, entries whose councils use a provider that is not configured are
 *       left out before choosing;
 *   <li>{@code classifier}: for {@code llm_classify}, the id of the (model) member that chooses;
 *   <li>{@code embedder}: for {@code embedding}, the id of the (model) member whose provider and model
 *       embed the question and the entries' descriptions;
 *   <li>{@code minScore}: for {@code embedding}, the lowest cosine similarity that counts as a match.
 * </ul>
 *
 * <p>Entries carry their routing data in their metadata (a sub-council member's {@code metadata}, or a
 * registered council's {@code options}): {@code description}, {@code match} (a regular expression, or a
 * list of them, searched in the question), {@code predicate} (a registered
 * {@link dev.council.api.spi.InputPredicate}), {@code vector} (a precomputed embedding) and {@code tags}.
 *
 * <p>Thread-safe; one instance serves every run of an engine. It caches the embeddings of entries'
 * descriptions per provider and model (bounded).
 */
public final class AutoRound implements RoundType {
  /** The round type name. */
  public static final String NAME = "auto";

  static final String STRATEGY = "strategy";
  static final String CHAIN = "chain";
  static final String CATALOG = "catalog";
  static final String TAGS = "tags";
  static final String ON_NO_MATCH = "onNoMatch";
  static final String FALLBACK = "fallback";
  static final String PROVIDER_CHECK = "providerCheck";
  static final String CLASSIFIER = "classifier";
  static final String EMBEDDER = "embedder";
  static final String MIN_SCORE = "minScore";

  static final String DESCRIPTION = "description";
  static final String MATCH = "match";
  static final String PREDICATE = "predicate";
  static final String VECTOR = "vector";

  static final String RULES = "rules";
  static final String CASCADE = "cascade";
  static final String LLM_CLASSIFY = "llm_classify";
  static final String EMBEDDING = "embedding";
  static final Set<String> STRATEGIES = Set.of(RULES, CASCADE, LLM_CLASSIFY, EMBEDDING);

  static final String MEMBERS_CATALOG = "members";
  static final String REGISTRY_CATALOG = "registry";
  /** The classifier's answer when no entry fits. */
  static final String NONE = "none";

  private static final int MAX_CACHED_VECTORS = 10_000;
  private static final String CLASSIFIER_NEEDED = "llm_classify needs a classifier: the id of a member with a"
      + " provider and model that reads the catalog and names one entry";
  private static final String EMBEDDER_NEEDED = "embedding needs an embedder: the id of a member whose provider"
      + " and model (an embedding model) embed the question and the entries";

  private final Map<String, List<Double>> vectorCache = new ConcurrentHashMap<>();

  /** Creates the round type (discovered through {@link java.util.ServiceLoader}). */
  public AutoRound() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RoundTraits traits() {
    return new RoundTraits(RoundTraits.InputScope.ORIGINAL, RoundTraits.Sharing.SELF_ONLY, false, false);
  }

  @Override
  public List<ValidationError> validate(Round round, Council council, String path) {
    return validate(round, council, path, null);
  }

  /**
   * Checks the round's options, and with a catalog also the names they refer to (predicates, the
   * fallback council); pure.
   */
  public List<ValidationError> validate(Round round, Council council, String path, @Nullable Catalog catalog) {
    List<ValidationError> out = new ArrayList<>();
    String at = path + ".options.";
    Map<String, Object> o = round.options();
    String strategy = text(o.get(STRATEGY), RULES);
    Set<String> used = new LinkedHashSet<>();
    if (!STRATEGIES.contains(strategy)) {
      out.add(err(at + STRATEGY, "invalid_value", "strategy must be one of " + new java.util.TreeSet<>(STRATEGIES)
          + ", was '" + strategy + "'"));
    } else if (strategy.equals(CASCADE)) {
      checkChain(council, o.get(CHAIN), at + CHAIN, out, used);
    } else {
      used.add(strategy);
      if (o.containsKey(CHAIN)) {
        out.add(err(at + CHAIN, "invalid_value", "chain is only read by the cascade strategy; set strategy to"
            + " \"cascade\" or remove chain"));
      }
    }
    String catalogKind = text(o.get(CATALOG), MEMBERS_CATALOG);
    if (!catalogKind.equals(MEMBERS_CATALOG) && !catalogKind.equals(REGISTRY_CATALOG)) {
      out.add(err(at + CATALOG, "invalid_value", "catalog must be \"members\" (the council's sub-council members)"
          + " or \"registry\" (the engine's registered councils), was '" + catalogKind + "'"));
    }
    Object tags = o.get(TAGS);
    if (tags != null && !isStringList(tags)) {
      out.add(err(at + TAGS, "invalid_type", "tags must be a list of strings"));
    }
    Object pc = o.get(PROVIDER_CHECK);
    if (pc != null && !(pc instanceof Boolean)) {
      out.add(err(at + PROVIDER_CHECK, "invalid_type", "providerCheck must be true or false"));
    }
    checkScore(o.get(MIN_SCORE), at + MIN_SCORE, out);
    if (used.contains(LLM_CLASSIFY) || o.containsKey(CLASSIFIER)) {
      checkHelper(council, o.get(CLASSIFIER), at + CLASSIFIER, CLASSIFIER_NEEDED, out);
    }
    if (used.contains(EMBEDDING) || o.containsKey(EMBEDDER)) {
      checkHelper(council, o.get(EMBEDDER), at + EMBEDDER, EMBEDDER_NEEDED, out);
    }
    boolean fromMembers = catalogKind.equals(MEMBERS_CATALOG);
    List<String> entryIds = new ArrayList<>();
    for (int i = 0; i < council.members().size(); i++) {
      Member m = council.members().get(i);
      if (m.isSubCouncil()) {
        entryIds.add(m.id());
        if (fromMembers) {
          checkEntryData(m.metadata(), "members[" + i + "].metadata.", used, catalog, out);
        }
      }
    }
    if (fromMembers && entryIds.isEmpty()) {
      out.add(err(path, "empty_catalog", "auto round '" + round.name() + "' has no catalog entries: add members"
          + " with subCouncil or subCouncilRef (one per council to choose from), or set catalog to \"registry\""));
    }
    String onNoMatch = text(o.get(ON_NO_MATCH), "error");
    if (!onNoMatch.equals("error") && !onNoMatch.equals(FALLBACK)) {
      out.add(err(at + ON_NO_MATCH, "invalid_value", "onNoMatch must be \"error\" or \"fallback\", was '"
          + onNoMatch + "'"));
    }
    Object fallback = o.get(FALLBACK);
    if (onNoMatch.equals(FALLBACK) && fallback == null) {
      out.add(err(at + FALLBACK, "missing_field", "onNoMatch is \"fallback\" but no fallback is named; set"
          + " fallback to an entry id or a registered council"));
    }
    if (fallback != null) {
      if (!(fallback instanceof String f) || f.isBlank()) {
        out.add(err(at + FALLBACK, "invalid_type", "fallback must be an entry id or a registered council name"));
      } else if (catalog != null && !entryIds.contains(f) && catalog.names().council(f).isEmpty()) {
        out.add(err(at + FALLBACK, "unknown_council", "fallback '" + f + "' is neither an entry of this auto"
            + " council " + entryIds + " nor a registered council " + catalog.names().councilNames()));
      }
    }
    return out;
  }

  /**
   * Checks a cascade's steps. A step object naming its own {@code classifier} or {@code embedder} has it
   * checked here, and its strategy is not added to {@code used} (which asks for the round-level one).
   */
  private static void checkChain(Council council, @Nullable Object chain, String path, List<ValidationError> out,
      Set<String> used) {
    if (!(chain instanceof List<?> steps) || steps.isEmpty()) {
      out.add(err(path, "missing_field", "the cascade strategy needs a chain: a non-empty list of strategies to"
          + " try in order, e.g. [\"rules\", \"embedding\"]"));
      return;
    }
    for (int i = 0; i < steps.size(); i++) {
      Object step = steps.get(i);
      String stepPath = path + "[" + i + "]";
      String name;
      if (step instanceof String s) {
        name = s;
      } else if (step instanceof Map<?, ?> m && m.get(STRATEGY) instanceof String s) {
        name = s;
        stepPath += "." + STRATEGY;
        if (m.containsKey(CHAIN)) {
          out.add(err(path + "[" + i + "]." + CHAIN, "cascade_self", "a cascade step cannot have a chain of its"
              + " own: a cascade cannot include a cascade; list the strategies in this chain"));
        }
      } else {
        out.add(err(stepPath, "invalid_type", "a chain step is a strategy name or an object with a \"strategy\""));
        continue;
      }
      if (name.equals(CASCADE)) {
        out.add(err(stepPath, "cascade_self", "a cascade cannot include itself: step " + i + " of the chain is"
            + " \"cascade\"; list the strategies to try instead (rules, llm_classify, embedding)"));
      } else if (!STRATEGIES.contains(name)) {
        out.add(err(stepPath, "invalid_value", "unknown strategy '" + name + "' in the chain; use rules,"
            + " llm_classify or embedding"));
      } else if (step instanceof Map<?, ?> m && name.equals(LLM_CLASSIFY) && m.containsKey(CLASSIFIER)) {
        checkHelper(council, m.get(CLASSIFIER), path + "[" + i + "]." + CLASSIFIER, CLASSIFIER_NEEDED, out);
      } else if (step instanceof Map<?, ?> m && name.equals(EMBEDDING) && m.containsKey(EMBEDDER)) {
        checkHelper(council, m.get(EMBEDDER), path + "[" + i + "]." + EMBEDDER, EMBEDDER_NEEDED, out);
      } else {
        used.add(name);
      }
      if (step instanceof Map<?, ?> m) {
        checkScore(m.get(MIN_SCORE), path + "[" + i + "]." + MIN_SCORE, out);
      }
    }
  }

  private static void checkScore(@Nullable Object v, String path, List<ValidationError> out) {
    if (v != null && !(v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= -1
        && n.doubleValue() <= 1)) {
      out.add(err(path, "invalid_value", "minScore is a cosine similarity, a number from -1 to 1; was " + v));
    }
  }

  private static void checkHelper(Council council, @Nullable Object id, String path, String need,
      List<ValidationError> out) {
    if (!(id instanceof String s) || s.isBlank()) {
      out.add(err(path, "missing_field", need));
      return;
    }
    Optional<Member> m = council.member(s);
    if (m.isEmpty()) {
      out.add(err(path, "unknown_member", "'" + s + "' is not a member of council '" + council.id() + "'; " + need));
    } else if (m.get().isSubCouncil()) {
      out.add(err(path, "invalid_value", "'" + s + "' runs a sub-council, so it is a catalog entry, not a model;"
          + " " + need));
    }
  }

  private static void checkEntryData(Map<String, Object> meta, String path, Set<String> used,
      @Nullable Catalog catalog, List<ValidationError> out) {
    for (Object regex : asList(meta.get(MATCH))) {
      if (!(regex instanceof String s)) {
        out.add(err(path + MATCH, "invalid_type", "match is a regular expression or a list of them"));
        continue;
      }
      try {
        Pattern.compile(s);
      } catch (PatternSyntaxException e) {
        out.add(err(path + MATCH, "invalid_value", "match '" + s + "' is not a valid regular expression: "
            + e.getDescription()));
      }
    }
    Object predicate = meta.get(PREDICATE);
    if (predicate != null && catalog != null && catalog.names().inputPredicate(predicate.toString()).isEmpty()) {
      out.add(err(path + PREDICATE, "unknown_predicate", "input predicate '" + predicate + "' is not registered."
          + " Available: " + catalog.names().inputPredicateNames()
          + ". Register it with CouncilEngine.builder().inputPredicate(name, predicate)"));
    }
    Object vector = meta.get(VECTOR);
    if (vector != null && !(vector instanceof List<?> l && !l.isEmpty()
        && l.stream().allMatch(x -> x instanceof Number n && Double.isFinite(n.doubleValue())))) {
      out.add(err(path + VECTOR, "invalid_type", "vector must be a non-empty list of finite numbers (an"
          + " embedding made with the embedder's model)"));
    }
    Object tags = meta.get(TAGS);
    if (tags != null && !isStringList(tags)) {
      out.add(err(path + TAGS, "invalid_type", "tags must be a list of strings"));
    }
  }

  // ---------------------------------------------------------------- execution

  @Override
  public RoundResult execute(RoundContext ctx) {
    if (!(ctx instanceof EngineRoundContext engine)) {
      throw new IllegalStateException("the auto round runs only inside a CouncilEngine run");
    }
    long t0 = System.nanoTime();
    Catalog catalog = engine.catalog();
    Round round = ctx.round();
    Map<String, Object> options = round.options();
    Map<String, Object> meta = new LinkedHashMap<>();
    List<Entry> all = entries(ctx, catalog, options);
    List<Entry> candidates = filter(all, options, catalog, meta);
    meta.put("candidates", candidates.stream().map(Entry::id).toList());
    List<String> notes = new ArrayList<>();
    String strategy = text(options.get(STRATEGY), RULES);
    Optional<Pick> pick = Optional.empty();
    if (candidates.isEmpty()) {
      notes.add("no catalog entry is left to choose from" + (all.isEmpty() ? "" : " after the tag and provider checks"));
    } else if (strategy.equals(CASCADE)) {
      List<?> chain = (List<?>) options.get(CHAIN);
      for (int i = 0; i < chain.size() && pick.isEmpty(); i++) {
        Map<String, Object> stepOptions = new LinkedHashMap<>(options);
        String name;
        if (chain.get(i) instanceof Map<?, ?> m) {
          m.forEach((k, v) -> stepOptions.put(String.valueOf(k), v));
          name = String.valueOf(m.get(STRATEGY));
        } else {
          name = String.valueOf(chain.get(i));
        }
        int step = i + 1;
        pick = decide(name, stepOptions, ctx, catalog, candidates, meta, notes)
            .map(p -> new Pick(p.strategy(), p.id(), "cascade step " + step + " (" + name + "): " + p.reason(),
                p.score()));
      }
    } else {
      pick = decide(strategy, options, ctx, catalog, candidates, meta, notes);
    }
    if (pick.isEmpty() && text(options.get(ON_NO_MATCH), "error").equals(FALLBACK)) {
      String fb = String.valueOf(options.get(FALLBACK));
      pick = Optional.of(new Pick(FALLBACK, fb, "no entry matched (" + String.join("; ", notes)
          + "), so the fallback ran", null));
    }
    long latencyMs = (System.nanoTime() - t0) / 1_000_000;
    if (pick.isEmpty()) {
      meta.put("noMatch", String.join("; ", notes));
      engine.failRound(CouncilError.of(ErrorKind.PERMANENT, "auto council '" + ctx.council().id() + "' found no"
          + " council for this input with strategy " + strategy + ": " + String.join("; ", notes) + ". Add an"
          + " entry or rule that fits, or set onNoMatch to \"fallback\" with a fallback council"));
      return new RoundResult(round.name(), round.type(), ctx.roundIndex(), ctx.iteration(), List.of(), null, meta);
    }
    Pick chosen = pick.get();
    AutoChoice choice = new AutoChoice(chosen.strategy(), chosen.id(), chosen.reason(), chosen.score(), latencyMs);
    meta.put(ResultMetadata.AUTO, choice.toMap());
    Member seat = seat(chosen.id(), all);
    MemberResult r = ctx.invoke(new MemberCall(seat, ctx.question(), null, Map.of(ResultMetadata.AUTO, choice.toMap())));
    return new RoundResult(round.name(), round.type(), ctx.roundIndex(), ctx.iteration(), List.of(r), null, meta);
  }

  /** The member that runs the chosen entry: the entry's member, or one referring to the registered council. */
  private static Member seat(String id, List<Entry> all) {
    for (Entry e : all) {
      if (e.id().equals(id) && e.member() != null) {
        return e.member();
      }
    }
    return Member.builder(id).subCouncilRef(id).build();
  }

  private Optional<Pick> decide(String strategy, Map<String, Object> options, RoundContext ctx, Catalog catalog,
      List<Entry> candidates, Map<String, Object> meta, List<String> notes) {
    return switch (strategy) {
      case RULES -> rules(ctx, catalog, candidates, notes);
      case LLM_CLASSIFY -> classify(ctx, options, candidates, meta, notes);
      case EMBEDDING -> embedding(ctx, options, catalog, candidates, meta, notes);
      default -> throw new IllegalStateException("unknown strategy " + strategy);
    };
  }

  private static Optional<Pick> rules(RoundContext ctx, Catalog catalog, List<Entry> candidates, List<String> notes) {
    String q = ctx.question();
    for (Entry e : candidates) {
      for (String regex : e.matches()) {
        if (Pattern.compile(regex).matcher(q).find()) {
          return Optional.of(new Pick(RULES, e.id(), "the question matches /" + regex + "/", null));
        }
      }
      if (e.predicate() != null) {
        InputPredicate p = catalog.names().inputPredicate(e.predicate()).orElseThrow(() ->
            new IllegalStateException("input predicate '" + e.predicate() + "' is not registered"));
        if (p.test(ctx.input(), q)) {
          return Optional.of(new Pick(RULES, e.id(), "predicate '" + e.predicate() + "' matched", null));
        }
      }
    }
    notes.add("rules: no entry's match or predicate fits the question");
    return Optional.empty();
  }

  private static Optional<Pick> classify(RoundContext ctx, Map<String, Object> options, List<Entry> candidates,
      Map<String, Object> meta, List<String> notes) {
    Member classifier = ctx.council().member(String.valueOf(options.get(CLASSIFIER))).orElseThrow();
    List<Object> ids = new ArrayList<>();
    StringBuilder prompt = new StringBuilder("Choose the one council below best suited to answer the question."
        + " Answer with JSON {\"choice\": <the council's id>, \"reason\": <one sentence>}; choose \"" + NONE
        + "\" when none fits.\n\nCouncils:\n");
    for (Entry e : candidates) {
      ids.add(e.id());
      prompt.append("- ").append(e.id()).append(": ").append(e.description().isBlank() ? "(no description)"
          : e.description()).append('\n');
    }
    ids.add(NONE);
    prompt.append("\nQuestion:\n").append(ctx.question());
    Map<String, Object> schema = Map.of("type", "object", "required", List.of("choice"),
        "additionalProperties", false, "properties", Map.of(
            "choice", Map.of("type", "string", "enum", ids),
            "reason", Map.of("type", "string")));
    MemberResult r = ctx.invoke(new MemberCall(classifier, prompt.toString(), new OutputSchema("auto_choice", schema),
        Map.of()));
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("memberId", classifier.id());
    seen.put("status", r.status().name());
    meta.put("classifier", seen);
    if (!r.ok() || !(r.parsed() instanceof Map<?, ?> parsed) || !(parsed.get("choice") instanceof String choice)) {
      notes.add("llm_classify: classifier '" + classifier.id() + "' gave no valid choice (" + r.status()
          + (r.error() == null ? "" : ": " + r.error().message()) + ")");
      return Optional.empty();
    }
    String reason = parsed.get("reason") instanceof String s && !s.isBlank() ? s : "chosen by the classifier";
    seen.put("choice", choice);
    seen.put("reason", reason);
    if (choice.equals(NONE) || candidates.stream().noneMatch(e -> e.id().equals(choice))) {
      notes.add("llm_classify: classifier '" + classifier.id() + "' chose none (" + reason + ")");
      return Optional.empty();
    }
    return Optional.of(new Pick(LLM_CLASSIFY, choice, "classifier '" + classifier.id() + "': " + reason, null));
  }

  private Optional<Pick> embedding(RoundContext ctx, Map<String, Object> options, Catalog catalog,
      List<Entry> candidates, Map<String, Object> meta, List<String> notes) {
    Member embedder = ctx.council().member(String.valueOf(options.get(EMBEDDER))).orElseThrow();
    MemberOptions eff = catalog.effectiveOptions(ctx.council(), embedder);
    String providerId = eff.provider();
    String model = eff.model();
    if (providerId == null || model == null) {
      notes.add("embedding: embedder '" + embedder.id() + "' has no provider or model");
      return Optional.empty();
    }
    List<String> texts = new ArrayList<>();
    texts.add(ctx.question());
    for (Entry e : candidates) {
      if (e.vector() == null && !e.description().isBlank() && !vectorCache.containsKey(key(providerId, model,
          e.description()))) {
        texts.add(e.description());
      }
    }
    List<List<Double>> vectors;
    try {
      LlmProvider provider = catalog.providers().get(providerId);
      EmbeddingResponse response = provider.embed(new EmbeddingRequest(model, texts, Map.of()));
      ((EngineRoundContext) ctx).addUsage(response.usage());
      vectors = response.vectors();
    } catch (RuntimeException e) {
      notes.add("embedding: provider '" + providerId + "' failed to embed with model '" + model + "': "
          + e.getMessage());
      return Optional.empty();
    }
    if (vectors.size() != texts.size()) {
      notes.add("embedding: provider '" + providerId + "' returned " + vectors.size() + " vectors for "
          + texts.size() + " texts");
      return Optional.empty();
    }
    if (vectorCache.size() + texts.size() > MAX_CACHED_VECTORS) {
      vectorCache.clear();
    }
    for (int i = 1; i < texts.size(); i++) {
      vectorCache.put(key(providerId, model, texts.get(i)), vectors.get(i));
    }
    List<Double> q = vectors.get(0);
    Entry best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    Map<String, Object> scores = new LinkedHashMap<>();
    for (Entry e : candidates) {
      List<Double> v = e.vector() != null ? e.vector()
          : e.description().isBlank() ? null : vectorCache.get(key(providerId, model, e.description()));
      if (v == null || v.size() != q.size()) {
        continue;
      }
      double s = EmbeddingResponse.cosine(q, v);
      scores.put(e.id(), s);
      if (s > bestScore) {
        bestScore = s;
        best = e;
      }
    }
    meta.put("similarities", scores);
    if (best == null) {
      notes.add("embedding: no entry has a description or a vector of the embedder's dimension (" + q.size() + ")");
      return Optional.empty();
    }
    Object min = options.get(MIN_SCORE);
    if (min instanceof Number n && bestScore < n.doubleValue()) {
      notes.add(String.format(Locale.ROOT, "embedding: the nearest entry '%s' scores %.4f, below minScore %s",
          best.id(), bestScore, n));
      return Optional.empty();
    }
    return Optional.of(new Pick(EMBEDDING, best.id(), String.format(Locale.ROOT,
        "nearest by cosine similarity (%.4f) among %d entries", bestScore, scores.size()), bestScore));
  }

  private static String key(String provider, String model, String text) {
    return provider + '\u0000' + model + '\u0000' + text;
  }

  // ---------------------------------------------------------------- the catalog

  /** A catalog entry: a council to choose, with its routing data. */
  record Entry(String id, @Nullable Member member, @Nullable Council council, String description,
      List<String> matches, @Nullable String predicate, @Nullable List<Double> vector, List<String> tags) {}

  /** A strategy's choice. */
  record Pick(String strategy, String id, String reason, @Nullable Double score) {}

  private static List<Entry> entries(RoundContext ctx, Catalog catalog, Map<String, Object> options) {
    List<Entry> out = new ArrayList<>();
    if (text(options.get(CATALOG), MEMBERS_CATALOG).equals(REGISTRY_CATALOG)) {
      for (String name : catalog.names().councilNames()) {
        Council c = catalog.names().council(name).orElse(null);
        if (c == null || c == ctx.council() || name.equals(ctx.council().id()) || routesByRegistry(c)) {
          continue;
        }
        out.add(entry(name, null, c, c.options(), c.description()));
      }
      return out;
    }
    for (Member m : ctx.council().members()) {
      if (!m.isSubCouncil()) {
        continue;
      }
      Council c = m.subCouncil() != null ? m.subCouncil()
          : catalog.names().council(java.util.Objects.requireNonNull(m.subCouncilRef())).orElse(null);
      String fallbackDescription = m.role() != null ? m.role() : c == null ? null : c.description();
      out.add(entry(m.id(), m, c, m.metadata(), fallbackDescription));
    }
    return out;
  }

  /** Whether {@code c} is itself an auto council choosing among registered councils (never a candidate). */
  public static boolean routesByRegistry(Council c) {
    for (Round r : c.rounds()) {
      if (r.type().equals(NAME) && REGISTRY_CATALOG.equals(r.options().get(CATALOG))) {
        return true;
      }
    }
    return false;
  }

  private static Entry entry(String id, @Nullable Member member, @Nullable Council council, Map<String, Object> data,
      @Nullable String fallbackDescription) {
    String description = data.get(DESCRIPTION) instanceof String s ? s
        : fallbackDescription == null ? "" : fallbackDescription;
    List<String> matches = new ArrayList<>();
    for (Object o : asList(data.get(MATCH))) {
      matches.add(String.valueOf(o));
    }
    String predicate = data.get(PREDICATE) instanceof String s ? s : null;
    List<Double> vector = null;
    if (data.get(VECTOR) instanceof List<?> l) {
      vector = new ArrayList<>();
      for (Object x : l) {
        vector.add(((Number) x).doubleValue());
      }
    }
    List<String> tags = new ArrayList<>();
    for (Object t : asList(data.get(TAGS))) {
      tags.add(String.valueOf(t));
    }
    return new Entry(id, member, council, description, List.copyOf(matches), predicate,
        vector == null ? null : List.copyOf(vector), List.copyOf(tags));
  }

  private static List<Entry> filter(List<Entry> all, Map<String, Object> options, Catalog catalog,
      Map<String, Object> meta) {
    List<Entry> out = new ArrayList<>(all);
    List<?> wanted = options.get(TAGS) instanceof List<?> l ? l : List.of();
    if (!wanted.isEmpty()) {
      out.removeIf(e -> e.tags().stream().noneMatch(wanted::contains));
    }
    if (Boolean.TRUE.equals(options.get(PROVIDER_CHECK))) {
      Map<String, Object> skipped = new LinkedHashMap<>();
      out.removeIf(e -> {
        Set<String> missing = new java.util.TreeSet<>();
        if (e.council() != null) {
          missingProviders(e.council(), catalog, missing, new IdentityHashMap<>());
        }
        if (!missing.isEmpty()) {
          skipped.put(e.id(), "providers not configured: " + missing);
        }
        return !missing.isEmpty();
      });
      if (!skipped.isEmpty()) {
        meta.put("providerCheckSkipped", skipped);
      }
    }
    return out;
  }

  /** Collects the providers {@code c}'s members (and their sub-councils) use that cannot be created. */
  private static void missingProviders(Council c, Catalog catalog, Set<String> missing, Map<Council, Boolean> seen) {
    if (seen.put(c, Boolean.TRUE) != null) {
      return;
    }
    List<Member> seats = new ArrayList<>(c.members());
    if (c.chair() != null) {
      seats.add(c.chair());
    }
    for (Member m : seats) {
      if (m.isSubCouncil()) {
        Council sub = m.subCouncil() != null ? m.subCouncil()
            : catalog.names().council(java.util.Objects.requireNonNull(m.subCouncilRef())).orElse(null);
        if (sub != null) {
          missingProviders(sub, catalog, missing, seen);
        }
        continue;
      }
      String p = catalog.effectiveOptions(c, m).provider();
      if (p == null) {
        continue;
      }
      try {
        if (catalog.providers().find(p).isEmpty()) {
          missing.add(p);
        }
      } catch (RuntimeException e) {
        missing.add(p);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static List<?> asList(@Nullable Object v) {
    return v == null ? List.of() : v instanceof List<?> l ? l : List.of(v);
  }

  private static boolean isStringList(Object v) {
    return v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String);
  }

  private static String text(@Nullable Object v, String fallback) {
    return v == null ? fallback : v.toString().trim().toLowerCase(Locale.ROOT);
  }

  private static ValidationError err(String path, String code, String message) {
    return new ValidationError(path, code, message);
  }
}
