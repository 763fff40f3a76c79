package dev.council.engine.internal.validation;

import dev.council.api.config.Suggestions;
import dev.council.engine.internal.support.JsonValues;
import dev.council.engine.internal.catalog.Catalog;
import dev.council.engine.internal.reliability.ReliabilitySettings;
import dev.council.engine.internal.wiring.EngineSettings;

import dev.council.api.Council;
import dev.council.api.FailureMode;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.provider.ToolChoice;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.RoundType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The checks {@code start} performs before any provider call, as a pure function: every problem with a
 * JSON path, a stable code and a message saying how to fix it.
 *
 * <p>Sub-councils are followed, inline and by registered name, so a council is checked whole: every
 * cycle among them is an error naming the cycle, nesting deeper than {@code
 * council.limits.max-sub-council-depth} is an error, and each distinct council is checked once (at the
 * first path that reaches it), so shared sub-councils cost no more than one check. Recursion is bounded by
 * that depth limit and by {@link #MAX_ROUND_NESTING}.
 */
public final class CouncilValidator {
  /** How deep rounds may wrap rounds ({@code iterate} inside {@code iterate} ...). */
  static final int MAX_ROUND_NESTING = 8;

  /** The tool-loop options the dispatcher reads from a member's provider options. */
  private static final String TOOL_STRATEGY = "toolStrategy";
  private static final String TOOL_TIMEOUT = "toolTimeout";
  private static final String TOOL_CONCURRENCY = "toolConcurrency";
  private static final String MAX_TOOL_TURNS = "maxToolTurns";

  private final Catalog catalog;
  private final int maxSubCouncilDepth;
  private final int maxExpandedSeats;

  /**
   * @param maxSubCouncilDepth how deep sub-councils may nest ({@value EngineSettings#MAX_SUB_COUNCIL_DEPTH})
   * @param maxExpandedSeats how many member seats a council may hold with its sub-councils expanded
   *     ({@value EngineSettings#MAX_EXPANDED_SEATS})
   */
  public CouncilValidator(Catalog catalog, int maxSubCouncilDepth, int maxExpandedSeats) {
    this.catalog = catalog;
    this.maxSubCouncilDepth = maxSubCouncilDepth;
    this.maxExpandedSeats = maxExpandedSeats;
  }

  public List<ValidationError> validate(Council council) {
    Walk walk = new Walk(maxSubCouncilDepth);
    walk.council(council, "", "'" + council.id() + "'");
    long seats = walk.seats.getOrDefault(council, 0L);
    if (seats > maxExpandedSeats) {
      walk.out.add(err("members", "too_many_seats", "with its sub-councils expanded, council '" + council.id()
          + "' has " + (seats == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : seats) + " member seats (every"
          + " seat is a member call per round), more than the limit of " + maxExpandedSeats + " (configuration "
          + EngineSettings.MAX_EXPANDED_SEATS + ", default " + EngineSettings.DEFAULT_MAX_EXPANDED_SEATS
          + "). Share fewer sub-councils across members, nest them less, or raise "
          + EngineSettings.MAX_EXPANDED_SEATS));
    }
    return List.copyOf(walk.out);
  }

  /** One validation: the errors so far, the councils being checked (a stack) and those already checked. */
  private final class Walk {
    final List<ValidationError> out = new ArrayList<>();
    final int maxDepth;
    /** The councils from the one validated down to the one being checked, by identity. */
    final List<Council> stack = new ArrayList<>();
    /** How each council on the stack is named in messages. */
    final List<String> names = new ArrayList<>();
    /** The member id through which each council on the stack reached the next one. */
    final List<String> via = new ArrayList<>();
    /** Councils checked completely, with how many levels of sub-councils they hold. */
    final Map<Council, Integer> heights = new IdentityHashMap<>();
    /**
     * Councils checked completely, with their member seats (chairs included) when every sub-council is
     * expanded in place; saturates at {@link Long#MAX_VALUE}. A council in a cycle counts its own seats only.
     */
    final Map<Council, Long> seats = new IdentityHashMap<>();

    Walk(int maxDepth) {
      this.maxDepth = maxDepth;
    }

    /** Checks {@code c} and what it contains; returns how many levels of sub-councils it holds. */
    int council(Council c, String prefix, String name) {
      stack.add(c);
      names.add(name);
      via.add("");
      int height = 0;
      long expanded = 0;
      try {
        checkCouncil(c, prefix);
        List<Member> seats = new ArrayList<>(c.members());
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < c.members().size(); i++) {
          paths.add(prefix + "members[" + i + "]");
        }
        if (c.chair() != null) {
          seats.add(c.chair());
          paths.add(prefix + "chair");
        }
        for (int i = 0; i < seats.size(); i++) {
          Member m = seats.get(i);
          expanded = plusSaturated(expanded, 1);
          if (m.isSubCouncil()) {
            via.set(via.size() - 1, m.id());
            height = Math.max(height, subCouncil(m, paths.get(i)) + 1);
            expanded = plusSaturated(expanded, expandedSeats(m));
          }
        }
      } finally {
        stack.removeLast();
        names.removeLast();
        via.removeLast();
      }
      heights.put(c, height);
      this.seats.put(c, expanded);
      return height;
    }

    /** {@code a + b} for counts of zero or more, {@link Long#MAX_VALUE} where it would overflow. */
    private static long plusSaturated(long a, long b) {
      long sum = a + b;
      return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** The expanded seats of the council {@code m} runs, as far as it was checked (0 when unknown). */
    private long expandedSeats(Member m) {
      Council target = m.subCouncil() != null ? m.subCouncil()
          : catalog.names().council(Objects.requireNonNull(m.subCouncilRef())).orElse(null);
      return target == null ? 0 : this.seats.getOrDefault(target, 0L);
    }

    /** Follows a sub-council member; returns the levels of sub-councils below the one it runs. */
    private int subCouncil(Member m, String path) {
      Council target;
      String name;
      String at;
      if (m.subCouncil() != null) {
        target = m.subCouncil();
        name = "'" + target.id() + "'";
        at = path + ".subCouncil";
      } else {
        String ref = Objects.requireNonNull(m.subCouncilRef());
        Optional<Council> found = catalog.names().council(ref);
        if (found.isEmpty()) {
          return 0;
        }
        target = found.get();
        name = "'" + ref + "'";
        at = path + ".subCouncilRef";
      }
      int onStack = indexOnStack(target);
      if (onStack >= 0) {
        out.add(err(at, "council_cycle", "sub-council cycle: " + cycle(onStack, name) + ". A council cannot"
            + " contain itself, directly or through other councils; remove one of these references"));
        return 0;
      }
      int depth = stack.size();
      Integer known = heights.get(target);
      if (known != null) {
        if (depth + known > maxDepth) {
          out.add(tooDeep(at, depth + known));
        }
        return known;
      }
      if (depth > maxDepth) {
        out.add(tooDeep(at, depth));
        return 0;
      }
      return council(target, at + ".", name);
    }

    private int indexOnStack(Council target) {
      for (int i = 0; i < stack.size(); i++) {
        if (stack.get(i) == target) {
          return i;
        }
      }
      return -1;
    }

    /** {@code 'a' -> member 'x' -> 'b' -> member 'y' -> 'a'}, from stack entry {@code from} back to it. */
    private String cycle(int from, String closing) {
      StringBuilder sb = new StringBuilder();
      for (int i = from; i < stack.size(); i++) {
        sb.append(names.get(i)).append(" -> member '").append(via.get(i)).append("' -> ");
      }
      return sb.append(closing).toString();
    }

    private ValidationError tooDeep(String path, int depth) {
      return err(path, "sub_council_too_deep", "sub-councils nest " + depth + " levels deep here, more than the"
          + " limit of " + maxDepth + " (configuration " + EngineSettings.MAX_SUB_COUNCIL_DEPTH + ", default "
          + EngineSettings.DEFAULT_MAX_SUB_COUNCIL_DEPTH + ", at most " + EngineSettings.LARGEST_MAX_SUB_COUNCIL_DEPTH
          + "). Flatten the nesting, or raise " + EngineSettings.MAX_SUB_COUNCIL_DEPTH);
    }

    private void checkCouncil(Council c, String prefix) {
      if (c.id().isBlank()) {
        out.add(err(prefix + "id", "missing_field", "the council needs a non-blank id"));
      }
      out.addAll(ReliabilitySettings.validate(c, prefix));
      if (c.members().isEmpty() && !dev.council.engine.auto.AutoRound.routesByRegistry(c)) {
        out.add(err(prefix + "members", "no_members", "the council has no members; add at least one"));
      }
      if (c.defaultProfile() != null && catalog.profile(c, c.defaultProfile()).isEmpty()) {
        out.add(err(prefix + "defaultProfile", "unknown_profile", unknownProfile(c, c.defaultProfile())));
      }
      if (c.router() != null && catalog.names().router(c.router()).isEmpty()) {
        out.add(err(prefix + "router", "unknown_router", "router '" + c.router() + "' is not registered."
            + " Available: " + catalog.names().routerNames()
            + ". Register it with CouncilEngine.builder().router(name, router)"));
      }
      Object seed = c.options().get("seed");
      if (seed != null && !(seed instanceof Number n && JsonValues.isWhole(n))) {
        out.add(err(prefix + "options.seed", "invalid_type", "seed must be a whole number (it seeds shuffles and"
            + " random tie-breaks), got " + JsonValues.describe(seed)));
      }
      for (int i = 0; i < c.tools().size(); i++) {
        checkTool(c.tools().get(i), prefix + "tools[" + i + "]", out);
      }
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < c.members().size(); i++) {
        checkMember(c, c.members().get(i), prefix + "members[" + i + "]", ids, out);
      }
      if (c.chair() != null) {
        checkMember(c, c.chair(), prefix + "chair", ids, out);
      }
      if (c.rounds().isEmpty()) {
        out.add(err(prefix + "rounds", "no_rounds", "the council has no rounds; add one, e.g. independent_analysis"));
      }
      for (int i = 0; i < c.rounds().size(); i++) {
        checkRound(c, c.rounds().get(i), prefix + "rounds[" + i + "]", 0, out);
      }
    }
  }

  private void checkMember(Council c, Member m, String path, Set<String> ids, List<ValidationError> out) {
    if (m.id().isBlank()) {
      out.add(err(path + ".id", "missing_field", "every member needs a non-blank id"));
    } else if (!ids.add(m.id())) {
      out.add(err(path + ".id", "duplicate_member", "member id '" + m.id() + "' is used twice; ids must be unique"
          + " (the chair included)"));
    }
    if (m.isSubCouncil()) {
      if (m.subCouncil() == null && catalog.names().council(m.subCouncilRef()).isEmpty()) {
        out.add(err(path + ".subCouncilRef", "unknown_council", "sub-council '" + m.subCouncilRef()
            + "' is not registered. Available: " + catalog.names().councilNames()
            + ". Register it with CouncilEngine.builder().council(name, council), or put it in the councils folder"
            + " (council.councils-dir)"));
      }
      if (m.inputMapper() != null && catalog.names().inputMapper(m.inputMapper()).isEmpty()) {
        out.add(err(path + ".inputMapper", "unknown_input_mapper", "input mapper '" + m.inputMapper()
            + "' is not registered. Available: " + catalog.names().inputMapperNames()));
      }
      return;
    }
    if (m.profile() != null && catalog.profile(c, m.profile()).isEmpty()) {
      out.add(err(path + ".profile", "unknown_profile", unknownProfile(c, m.profile())));
    }
    MemberOptions o = catalog.effectiveOptions(c, m);
    if (o.provider() == null || o.provider().isBlank()) {
      out.add(err(path + ".provider", "missing_provider", "member '" + m.id() + "' has no provider; set provider"
          + " (e.g. \"simulated\") on the member or in its profile"));
    } else if (!catalog.providers().isKnown(o.provider())) {
      out.add(err(path + ".provider", "unknown_provider", "provider '" + o.provider() + "' is not configured."
          + " Available: " + availableProviders() + ". Configure it with council.providers." + o.provider()
          + ".type=<type>, or use one of the available ids"
          + Suggestions.afterSentence(o.provider(), availableProviders())));
    }
    if (o.model() == null || o.model().isBlank()) {
      out.add(err(path + ".model", "missing_model", "member '" + m.id() + "' has no model; set model on the"
          + " member or in its profile"));
    }
    if (o.temperature() != null && !(o.temperature() >= 0 && o.temperature() <= 2)) {
      out.add(err(path + ".temperature", "invalid_value", "temperature must be between 0 and 2, was "
          + o.temperature()));
    }
    if (o.maxTokens() != null && o.maxTokens() <= 0) {
      out.add(err(path + ".maxTokens", "invalid_value", "maxTokens must be positive, was " + o.maxTokens()));
    }
    if (o.weight() != null && !(o.weight() >= 0 && o.weight() < Double.POSITIVE_INFINITY)) {
      out.add(err(path + ".weight", "invalid_value", "weight must be a finite number of at least 0, was "
          + o.weight()));
    }
    if (o.timeout() != null) {
      checkDuration(o.timeout(), false, path + ".timeout", "timeout", out);
    }
    if (o.retry() != null) {
      if (o.retry().maxAttempts() > EngineSettings.MAX_ATTEMPTS) {
        out.add(err(path + ".retry.maxAttempts", "invalid_value", "retry maxAttempts is " + o.retry().maxAttempts()
            + " but may be at most " + EngineSettings.MAX_ATTEMPTS + "; every attempt is a paid call"));
      }
      checkDuration(o.retry().baseBackoff(), true, path + ".retry.baseBackoff", "retry baseBackoff", out);
      checkDuration(o.retry().maxBackoff(), true, path + ".retry.maxBackoff", "retry maxBackoff", out);
    }
    checkToolLoopOptions(o.extra(), path + ".options", out);
    List<String> tools = o.toolsOrEmpty();
    for (int i = 0; i < tools.size(); i++) {
      checkTool(tools.get(i), path + ".tools[" + i + "]", out);
    }
    if (o.outputSchemaRef() != null && catalog.schema(o.outputSchemaRef()).isEmpty()) {
      out.add(err(path + ".outputSchemaRef", "unknown_schema", "output schema '" + o.outputSchemaRef()
          + "' is not registered. Available: " + schemaNames()));
    }
    checkToolChoice(c, m, o, path, out);
    if (o.transformInput() != null && catalog.names().inputTransform(o.transformInput()).isEmpty()) {
      out.add(err(path + ".transformInput", "unknown_input_transform", "input transform '" + o.transformInput()
          + "' is not registered. Available: " + catalog.names().inputTransformNames()
          + ". Register it with CouncilEngine.builder().inputTransform(name, transform)"));
    }
    if (o.validate() != null && catalog.names().outputValidator(o.validate()).isEmpty()) {
      out.add(err(path + ".validate", "unknown_output_validator", "output validator '" + o.validate()
          + "' is not registered. Available: " + catalog.names().outputValidatorNames()
          + ". Register it with CouncilEngine.builder().outputValidator(name, validator)"));
    }
  }

  /** A forcing tool choice needs tools; a named one must be among the member's (or council's) tools. */
  private static void checkToolChoice(Council c, Member m, MemberOptions o, String path, List<ValidationError> out) {
    ToolChoice choice = o.toolChoice();
    if (choice == null || choice.mode() == ToolChoice.Mode.AUTO || choice.mode() == ToolChoice.Mode.NONE) {
      return;
    }
    Set<String> available = new java.util.LinkedHashSet<>(o.toolsOrEmpty());
    available.addAll(c.tools());
    if (choice.mode() == ToolChoice.Mode.REQUIRED && available.isEmpty()) {
      out.add(err(path + ".toolChoice", "tool_choice_without_tools", "member '" + m.id() + "' has toolChoice"
          + " \"required\" but no tools; give it tools, or drop toolChoice"));
    } else if (choice.mode() == ToolChoice.Mode.TOOL && !available.contains(choice.toolName())) {
      out.add(err(path + ".toolChoice", "unknown_tool_choice", "member '" + m.id() + "' has toolChoice {\"tool\": \""
          + choice.toolName() + "\"} but that is not one of its tools " + available + "; add it to the member's"
          + " tools, or name one of those"));
    }
  }

  private void checkRound(Council c, Round r, String path, int nesting, List<ValidationError> out) {
    RoundType type = catalog.roundTypes().get(r.type());
    Optional<String> aggregator = Optional.empty();
    if (type == null) {
      out.add(err(path + ".type", "unknown_round_type", "round type '" + r.type() + "' is unknown. Available: "
          + new TreeSet<>(catalog.roundTypes().keySet())
          + Suggestions.afterSentence(r.type(), catalog.roundTypes().keySet())));
      aggregator = r.option("aggregator").map(Object::toString);
    } else {
      if (type.chairRound() && c.chair() == null) {
        out.add(err(path, "missing_chair", "round '" + r.name() + "' (" + r.type() + ") needs a chair; set the"
            + " council's chair"));
      }
      out.addAll(type instanceof dev.council.engine.auto.AutoRound auto ? auto.validate(r, c, path, catalog)
          : type.validate(r, c, path));
      aggregator = type.aggregator(r);
    }
    Object fm = r.options().get("failureMode");
    if (fm != null) {
      try {
        FailureMode.valueOf(fm.toString().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        out.add(err(path + ".options.failureMode", "invalid_value", "failureMode must be CONTINUE or FAIL_FAST,"
            + " was '" + fm + "'"));
      }
    }
    checkQuorum(c, r, path, out);
    Object router = r.options().get("router");
    if (router != null && catalog.names().router(router.toString()).isEmpty()) {
      out.add(err(path + ".options.router", "unknown_router", "router '" + router + "' is not registered."
          + " Available: " + catalog.names().routerNames()));
    }
    aggregator.ifPresent(name -> {
      Aggregator agg = catalog.aggregators().get(name);
      if (agg == null) {
        out.add(err(path + ".options.aggregator", "unknown_aggregator", "aggregator '" + name + "' is unknown."
            + " Available: " + new TreeSet<>(catalog.aggregators().keySet()) 
            + Suggestions.afterSentence(name, catalog.aggregators().keySet())));
      } else {
        out.addAll(agg.validate(r.options(), path + ".options"));
      }
    });
    Object until = r.options().get("until");
    if (until != null && catalog.names().predicate(until.toString()).isEmpty()) {
      out.add(err(path + ".options.until", "unknown_predicate", "iteration predicate '" + until + "' is not"
          + " registered. Available: " + catalog.names().predicateNames()
          + ". Register it with CouncilEngine.builder().predicate(name, predicate)"));
    }
    Object judge = r.options().get("judge");
    if (judge != null && !judge.equals("chair") && c.member(judge.toString()).isEmpty()
        && catalog.names().judge(judge.toString()).isEmpty()) {
      out.add(err(path + ".options.judge", "unknown_judge", "judge '" + judge + "' is not 'chair', a member id, or"
          + " a registered judge. Registered: " + catalog.names().judgeNames()));
    }
    if (!r.inner().isEmpty() && nesting >= MAX_ROUND_NESTING) {
      out.add(err(path + ".rounds", "rounds_too_deep", "rounds nest more than " + MAX_ROUND_NESTING + " levels"
          + " deep (a round inside a round ...); flatten them: each level multiplies the rounds run"));
      return;
    }
    for (int i = 0; i < r.inner().size(); i++) {
      checkRound(c, r.inner().get(i), path + ".rounds[" + i + "]", nesting + 1, out);
    }
  }

  /** A whole number of at least 1 that the round's members (and chair) can reach. */
  private static void checkQuorum(Council c, Round r, String path, List<ValidationError> out) {
    Object q = r.options().get("quorum");
    if (q == null) {
      return;
    }
    if (!(q instanceof Number n && JsonValues.isWhole(n) && n.doubleValue() >= 1)) {
      out.add(err(path + ".options.quorum", "invalid_value", "quorum must be a whole number of at least 1,"
          + " was '" + q + "'"));
      return;
    }
    int seats = c.members().size() + (c.chair() == null ? 0 : 1);
    if (n.doubleValue() > seats) {
      out.add(err(path + ".options.quorum", "unreachable_quorum", "quorum is " + q + " but council '" + c.id()
          + "' has only " + seats + " member" + (seats == 1 ? "" : "s") + " (chair included), so round '" + r.name()
          + "' would always fail after its calls; lower the quorum to at most " + seats));
    }
  }

  /** Durations must be positive (or, where zero means "no wait", not negative) and at most a day. */
  private static void checkDuration(Duration d, boolean zeroAllowed, String path, String what,
      List<ValidationError> out) {
    if (d.isNegative() || (!zeroAllowed && d.isZero())) {
      out.add(err(path, "invalid_value", what + " must be " + (zeroAllowed ? "zero or more" : "positive")
          + ", was " + d));
    } else if (d.compareTo(EngineSettings.MAX_DURATION) > 0) {
      out.add(err(path, "invalid_value", what + " is " + d + " but may be at most "
          + EngineSettings.MAX_DURATION.toHours() + "h (" + EngineSettings.MAX_DURATION
          + "); use a shorter duration (durations without a unit are milliseconds)"));
    }
  }

  /** The tool-loop options read from a member's provider options. */
  private static void checkToolLoopOptions(Map<String, Object> extra, String path, List<ValidationError> out) {
    Object strategy = extra.get(TOOL_STRATEGY);
    if (strategy != null && !(strategy instanceof String s && (s.equalsIgnoreCase("collect")
        || s.equalsIgnoreCase("fail_fast")))) {
      out.add(err(path + "." + TOOL_STRATEGY, "invalid_value", TOOL_STRATEGY + " must be collect or fail_fast,"
          + " got " + JsonValues.describe(strategy)));
    }
    Object timeout = extra.get(TOOL_TIMEOUT);
    if (timeout != null) {
      Optional<Duration> d = timeout instanceof Number n && JsonValues.isWhole(n) ? Optional.of(Duration.ofMillis(n.longValue()))
          : timeout instanceof String s ? CouncilConfig.parseDuration(s) : Optional.empty();
      if (d.isEmpty()) {
        out.add(err(path + "." + TOOL_TIMEOUT, "invalid_value", TOOL_TIMEOUT + " must be a duration such as"
            + " \"30s\" or a whole number of milliseconds, got " + JsonValues.describe(timeout)));
      } else {
        checkDuration(d.get(), false, path + "." + TOOL_TIMEOUT, TOOL_TIMEOUT, out);
      }
    }
    Object concurrency = extra.get(TOOL_CONCURRENCY);
    if (concurrency != null) {
      double f = number(concurrency);
      if (!(f > 0 && f < Double.POSITIVE_INFINITY)) {
        out.add(err(path + "." + TOOL_CONCURRENCY, "invalid_value", TOOL_CONCURRENCY + " must be a finite number"
            + " above 0 (a factor of the calls in one turn), got " + JsonValues.describe(concurrency)));
      }
    }
    Object turns = extra.get(MAX_TOOL_TURNS);
    if (turns != null) {
      double t = number(turns);
      if (!(t >= 1 && t <= Integer.MAX_VALUE && t == Math.rint(t))) {
        out.add(err(path + "." + MAX_TOOL_TURNS, "invalid_value", MAX_TOOL_TURNS + " must be a whole number of at"
            + " least 1, got " + JsonValues.describe(turns)));
      }
    }
  }

  /** A number, or a string holding one, as the tool loop reads it; NaN otherwise. */
  private static double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** Whether {@code n} is a finite number without a fractional part that fits a long. */
  private void checkTool(String name, String path, List<ValidationError> out) {
    if (!catalog.tools().containsKey(name)) {
      out.add(err(path, "unknown_tool", "tool '" + name + "' is not registered. Available: "
          + new TreeSet<>(catalog.tools().keySet())
          + Suggestions.afterSentence(name, catalog.tools().keySet())));
    }
  }

  private String unknownProfile(Council c, String name) {
    Set<String> names = new TreeSet<>(catalog.names().profileNames());
    c.profiles().forEach(p -> names.add(p.name()));
    names.addAll(dev.council.engine.ShippedProfiles.all().keySet());
    return "profile '" + name + "' is not defined. Available: " + names + ". Define it in the council's profiles,"
        + " register it with CouncilEngine.builder().profile(...), or put it in the profiles folder ("
        + dev.council.engine.CouncilEngine.PROFILES_DIR + ")";
  }

  private Set<String> availableProviders() {
    Set<String> s = new TreeSet<>(catalog.providers().configuredIds());
    s.addAll(catalog.providers().types());
    return s;
  }

  private Set<String> schemaNames() {
    Set<String> s = new TreeSet<>(catalog.names().schemaNames());
    s.add("vote");
    s.add("ranking");
    return s;
  }

  private static ValidationError err(String path, String code, String message) {
    return new ValidationError(path, code, message);
  }
}
