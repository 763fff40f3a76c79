package dev.council.engine.internal.validation;

import dev.council.engine.internal.catalog.Catalog;

import dev.council.api.Council;
import dev.council.api.FailureMode;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import dev.council.api.spi.RoundType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks {@code start} performs before any provider call, as a pure function: every problem with a
 * JSON path, a stable code and a message saying how to fix it.
 */
public final class CouncilValidator {
  private final Catalog catalog;

  public CouncilValidator(Catalog catalog) {
    this.catalog = catalog;
  }

  public List<ValidationError> validate(Council council) {
    List<ValidationError> out = new ArrayList<>();
    validate(council, "", out, new HashSet<>());
    return List.copyOf(out);
  }

  private void validate(Council c, String prefix, List<ValidationError> out, Set<String> visiting) {
    if (!visiting.add(c.id())) {
      out.add(err(prefix + "id", "council_cycle", "council '" + c.id() + "' contains itself as a sub-council"));
      return;
    }
    if (c.id().isBlank()) {
      out.add(err(prefix + "id", "missing_field", "the council needs a non-blank id"));
    }
    if (c.members().isEmpty()) {
      out.add(err(prefix + "members", "no_members", "the council has no members; add at least one"));
    }
    if (c.defaultProfile() != null && catalog.profile(c, c.defaultProfile()).isEmpty()) {
      out.add(err(prefix + "defaultProfile", "unknown_profile", unknownProfile(c, c.defaultProfile())));
    }
    if (c.router() != null && catalog.names().router(c.router()).isEmpty()) {
      out.add(err(prefix + "router", "unknown_router", "router '" + c.router() + "' is not registered. Available: "
          + catalog.names().routerNames() + ". Register it with CouncilEngine.builder().router(name, router)"));
    }
    for (int i = 0; i < c.tools().size(); i++) {
      checkTool(c.tools().get(i), prefix + "tools[" + i + "]", out);
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < c.members().size(); i++) {
      checkMember(c, c.members().get(i), prefix + "members[" + i + "]", ids, out, visiting);
    }
    if (c.chair() != null) {
      checkMember(c, c.chair(), prefix + "chair", ids, out, visiting);
    }
    if (c.rounds().isEmpty()) {
      out.add(err(prefix + "rounds", "no_rounds", "the council has no rounds; add one, e.g. independent_analysis"));
    }
    for (int i = 0; i < c.rounds().size(); i++) {
      checkRound(c, c.rounds().get(i), prefix + "rounds[" + i + "]", out);
    }
    visiting.remove(c.id());
  }

  private void checkMember(Council c, Member m, String path, Set<String> ids, List<ValidationError> out,
      Set<String> visiting) {
    if (m.id().isBlank()) {
      out.add(err(path + ".id", "missing_field", "every member needs a non-blank id"));
    } else if (!ids.add(m.id())) {
      out.add(err(path + ".id", "duplicate_member", "member id '" + m.id() + "' is used twice; ids must be unique"
          + " (the chair included)"));
    }
    if (m.isSubCouncil()) {
      if (m.subCouncil() != null) {
        validate(m.subCouncil(), path + ".subCouncil.", out, visiting);
      } else if (catalog.names().council(m.subCouncilRef()).isEmpty()) {
        out.add(err(path + ".subCouncilRef", "unknown_council", "sub-council '" + m.subCouncilRef()
            + "' is not registered. Available: " + catalog.names().councilNames()));
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
          + ".type=<type>, or use one of the available ids"));
    }
    if (o.model() == null || o.model().isBlank()) {
      out.add(err(path + ".model", "missing_model", "member '" + m.id() + "' has no model; set model on the"
          + " member or in its profile"));
    }
    if (o.temperature() != null && (o.temperature() < 0 || o.temperature() > 2)) {
      out.add(err(path + ".temperature", "invalid_value", "temperature must be between 0 and 2, was "
          + o.temperature()));
    }
    if (o.maxTokens() != null && o.maxTokens() <= 0) {
      out.add(err(path + ".maxTokens", "invalid_value", "maxTokens must be positive, was " + o.maxTokens()));
    }
    if (o.weight() != null && o.weight() < 0) {
      out.add(err(path + ".weight", "invalid_value", "weight must not be negative, was " + o.weight()));
    }
    Duration t = o.timeout();
    if (t != null && (t.isNegative() || t.isZero())) {
      out.add(err(path + ".timeout", "invalid_value", "timeout must be positive, was " + t));
    }
    List<String> tools = o.toolsOrEmpty();
    for (int i = 0; i < tools.size(); i++) {
      checkTool(tools.get(i), path + ".tools[" + i + "]", out);
    }
    if (o.outputSchemaRef() != null && catalog.schema(o.outputSchemaRef()).isEmpty()) {
      out.add(err(path + ".outputSchemaRef", "unknown_schema", "output schema '" + o.outputSchemaRef()
          + "' is not registered. Available: " + schemaNames()));
    }
  }

  private void checkRound(Council c, Round r, String path, List<ValidationError> out) {
    RoundType type = catalog.roundTypes().get(r.type());
    if (type == null) {
      out.add(err(path + ".type", "unknown_round_type", "round type '" + r.type() + "' is unknown. Available: "
          + new TreeSet<>(catalog.roundTypes().keySet())));
    } else {
      if (type.chairRound() && c.chair() == null) {
        out.add(err(path, "missing_chair", "round '" + r.name() + "' (" + r.type() + ") needs a chair; set the"
            + " council's chair"));
      }
      out.addAll(type.validate(r, c, path));
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
    Object q = r.options().get("quorum");
    if (q != null && !(q instanceof Number n && n.intValue() >= 1 && n.doubleValue() == n.intValue())) {
      out.add(err(path + ".options.quorum", "invalid_value", "quorum must be a whole number of at least 1,"
          + " was '" + q + "'"));
    }
    Object router = r.options().get("router");
    if (router != null && catalog.names().router(router.toString()).isEmpty()) {
      out.add(err(path + ".options.router", "unknown_router", "router '" + router + "' is not registered."
          + " Available: " + catalog.names().routerNames()));
    }
    Object agg = r.options().get("aggregator");
    if (agg != null && !catalog.aggregators().containsKey(agg.toString())) {
      out.add(err(path + ".options.aggregator", "unknown_aggregator", "aggregator '" + agg + "' is unknown."
          + " Available: " + new TreeSet<>(catalog.aggregators().keySet())));
    }
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
    for (int i = 0; i < r.inner().size(); i++) {
      checkRound(c, r.inner().get(i), path + ".rounds[" + i + "]", out);
    }
  }

  private void checkTool(String name, String path, List<ValidationError> out) {
    if (!catalog.tools().containsKey(name)) {
      out.add(err(path, "unknown_tool", "tool '" + name + "' is not registered. Available: "
          + new TreeSet<>(catalog.tools().keySet())));
    }
  }

  private String unknownProfile(Council c, String name) {
    Set<String> names = new TreeSet<>(catalog.names().profileNames());
    c.profiles().forEach(p -> names.add(p.name()));
    return "profile '" + name + "' is not defined. Available: " + names + ". Define it in the council's profiles or"
        + " register it with CouncilEngine.builder().profile(...)";
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
