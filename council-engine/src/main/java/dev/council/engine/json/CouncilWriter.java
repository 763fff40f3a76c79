package dev.council.engine.json;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.Profile;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.provider.ToolChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a council into the tree {@link CouncilReader} reads back: fixed key order, unset values left
 * out, member and profile options flat on their object. Stateless.
 */
final class CouncilWriter {
  private CouncilWriter() {}

  static Map<String, Object> council(Council c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    putIfSet(m, "description", c.description());
    putIfSet(m, "defaultProfile", c.defaultProfile());
    putIfSet(m, "router", c.router());
    if (!c.profiles().isEmpty()) {
      List<Object> profiles = new ArrayList<>();
      for (Profile p : c.profiles()) {
        profiles.add(profile(p));
      }
      m.put("profiles", profiles);
    }
    if (!c.tools().isEmpty()) {
      m.put("tools", c.tools());
    }
    List<Object> members = new ArrayList<>();
    for (Member member : c.members()) {
      members.add(member(member));
    }
    m.put("members", members);
    if (c.chair() != null) {
      m.put("chair", member(c.chair()));
    }
    m.put("rounds", rounds(c.rounds()));
    if (!c.options().isEmpty()) {
      m.put("options", c.options());
    }
    return m;
  }

  private static Map<String, Object> member(Member member) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", member.id());
    putIfSet(m, "role", member.role());
    putIfSet(m, "systemPrompt", member.systemPrompt());
    putIfSet(m, "profile", member.profile());
    options(member.options(), m);
    if (!member.metadata().isEmpty()) {
      m.put("metadata", member.metadata());
    }
    if (member.subCouncil() != null) {
      m.put("subCouncil", council(member.subCouncil()));
    }
    putIfSet(m, "subCouncilRef", member.subCouncilRef());
    putIfSet(m, "inputMapper", member.inputMapper());
    return m;
  }

  private static Map<String, Object> profile(Profile p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    options(p.options(), m);
    return m;
  }

  private static void options(MemberOptions o, Map<String, Object> m) {
    putIfSet(m, "provider", o.provider());
    putIfSet(m, "model", o.model());
    putIfSet(m, "temperature", o.temperature());
    putIfSet(m, "maxTokens", o.maxTokens());
    putIfSet(m, "stream", o.stream());
    if (o.retry() != null) {
      m.put("retry", retry(o.retry()));
    }
    putIfSet(m, "timeout", JsonSupport.durationOrNull(o.timeout()));
    putIfSet(m, "tools", o.tools());
    putIfSet(m, "outputSchema", o.outputSchema());
    putIfSet(m, "outputSchemaRef", o.outputSchemaRef());
    putIfSet(m, "confidence", o.confidence() == null ? null : o.confidence().name().toLowerCase(Locale.ROOT));
    putIfSet(m, "weight", o.weight());
    if (o.toolChoice() != null) {
      m.put("toolChoice", o.toolChoice().mode() == ToolChoice.Mode.TOOL ? Map.of("tool", o.toolChoice().toolName())
          : o.toolChoice().toString());
    }
    putIfSet(m, "transformInput", o.transformInput());
    putIfSet(m, "validate", o.validate());
    if (!o.extra().isEmpty()) {
      m.put("options", o.extra());
    }
  }

  private static Map<String, Object> retry(RetryPolicy r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("maxAttempts", r.maxAttempts());
    m.put("baseBackoff", JsonSupport.duration(r.baseBackoff()));
    m.put("maxBackoff", JsonSupport.duration(r.maxBackoff()));
    return m;
  }

  private static List<Object> rounds(List<Round> rounds) {
    List<Object> out = new ArrayList<>();
    for (Round r : rounds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", r.type());
      if (!r.name().equals(r.type())) {
        m.put("name", r.name());
      }
      if (!r.options().isEmpty()) {
        m.put("options", r.options());
      }
      if (!r.inner().isEmpty()) {
        m.put("rounds", rounds(r.inner()));
      }
      out.add(m);
    }
    return out;
  }

  private static void putIfSet(Map<String, Object> m, String key, @Nullable Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
